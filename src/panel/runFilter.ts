import type { IRunSummary, RunStatus } from '../tokens';
import { formatParameters } from '../ui/format';

export interface IRunFilter {
  /** Words that must all be found; `name=value` matches a parameter's value. */
  text: string;
  status: RunStatus | '';
}

/** The runs the filter keeps (the server's `q=` rule, on the listed runs). */
export function filterRuns(
  runs: readonly IRunSummary[],
  filter: IRunFilter
): IRunSummary[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  return runs.filter(
    run =>
      (!filter.status || run.status === filter.status) &&
      words.every(word => matches(run, word))
  );
}

function matches(run: IRunSummary, word: string): boolean {
  const eq = word.indexOf('=');
  if (eq > 0) {
    const name = word.slice(0, eq);
    const value = run.parameters[name];
    return (
      name in run.parameters &&
      String(
        typeof value === 'string' ? value : JSON.stringify(value)
      ).toLowerCase() === word.slice(eq + 1)
    );
  }
  const haystack = [
    run.id,
    run.title,
    run.name,
    run.notebookPath ?? '',
    run.status,
    formatParameters(run.parameters)
  ]
    .join(' ')
    .toLowerCase();
  return haystack.includes(word);
}
