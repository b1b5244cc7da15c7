import type { ICodeCell } from '../notebook/notebookSchema.js';
import type { IPipelineDraft } from '../notebook/readNotebook.js';
import { error, warning, type Problem } from '../spec/problems.js';
import { leaves, type AnalysisByCell } from './analysis.js';
import type { IInferred } from './inferDependencies.js';

/** Calls that show a name in a metrics cell (`print(acc)`) without being code of their own. */
const SHOWING = new Set(['print', 'display']);

/**
 * Which step reports each metric named in the metrics cells: the last step
 * (notebook order) that defines it or changes it in place. A pipeline
 * parameter no step binds is reported, with the run's value, by the last
 * step that reads it, else by the last step (as Kale reports it from the
 * last step that mentions it). Step name -> metric names.
 */
export function assignMetrics(
  draft: IPipelineDraft,
  analysis: AnalysisByCell,
  inferred: IInferred,
  parameters: ReadonlySet<string>,
  problems: Problem[]
): Map<string, string[]> {
  const byStep = new Map<string, string[]>();
  for (const cell of draft.metricCells) {
    problems.push(...ignoredCode(cell, analysis));
    for (const name of analysis.get(cell.id)?.expressions ?? []) {
      const reporter = reporterOf(draft, inferred, parameters, name);
      if (!reporter) {
        problems.push(
          error(
            'unknown-metric',
            `metric "${name}" is not defined by any step`,
            { path: `metrics.${name}`, cellId: cell.id, cellIndex: cell.index }
          )
        );
        continue;
      }
      byStep.set(reporter, [...(byStep.get(reporter) ?? []), name]);
    }
  }
  return byStep;
}

function reporterOf(
  draft: IPipelineDraft,
  inferred: IInferred,
  parameters: ReadonlySet<string>,
  name: string
): string | undefined {
  const latest = [...draft.steps].reverse();
  const scope = (step: string) => inferred.scopes.get(step)!;
  const producer = latest.find(s => leaves(scope(s.name), name));
  if (producer || !parameters.has(name)) {
    return producer?.name;
  }
  return (latest.find(s => scope(s.name).reads.has(name)) ?? latest[0])?.name;
}

/**
 * A metrics cell is read for the names it shows, and never run: anything
 * else in it (an assignment, `print(a + b)`, a call) is a warning on the cell.
 */
function ignoredCode(cell: ICodeCell, analysis: AnalysisByCell): Problem[] {
  const cellAnalysis = analysis.get(cell.id);
  if (!cellAnalysis || cellAnalysis.error) {
    return [];
  }
  const shown = new Set(cellAnalysis.expressions);
  const other = [
    ...cellAnalysis.defines,
    ...cellAnalysis.reads.filter(n => !shown.has(n) && !SHOWING.has(n))
  ];
  const hasCode = cell.source
    .split('\n')
    .some(line => line.trim() !== '' && !line.trim().startsWith('#'));
  if (other.length === 0 && (shown.size > 0 || !hasCode)) {
    return [];
  }
  const uses =
    other.length > 0 ? ` (it uses ${[...new Set(other)].join(', ')})` : '';
  return [
    warning(
      'ignored-metric-code',
      `cell ${cell.index + 1} is a metrics cell: only the variables it names are metrics (accuracy, print(accuracy)); its other code is not run or reported${uses}. Compute the value in a step, or call cellpipe.log_metric(name, value) there`,
      { path: `cells.${cell.index}`, cellId: cell.id, cellIndex: cell.index }
    )
  ];
}
