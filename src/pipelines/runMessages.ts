import type {
  ICompileResult,
  IParameter,
  IProblem,
  RunStatus
} from '../tokens';
import { problemsWithoutCell } from './problemPlaces';

/** What the run commands can do given the shown run's status (`null`: no run shown). */
export function runActions(status: RunStatus | null): {
  run: boolean;
  cancel: boolean;
  resume: boolean;
  rerun: boolean;
} {
  const active = status === 'queued' || status === 'running';
  return {
    run: !active,
    cancel: active,
    resume: status === 'failed' || status === 'cancelled',
    rerun: !active
  };
}

/**
 * The notification of a refused run: how many problems, that they are on the
 * cells, and in words those no cell shows (a bad parameter value, ...).
 */
export function refusedRunMessage(
  compile: ICompileResult | null,
  problems: readonly IProblem[]
): string {
  const n = problems.length;
  const head = `The pipeline was not run: ${n} problem${n === 1 ? '' : 's'}.`;
  const loose = problemsWithoutCell(compile, problems);
  const onCells = n - loose.length;
  const parts = [head];
  if (onCells > 0) {
    parts.push(
      loose.length === 0
        ? `${n === 1 ? 'It is' : 'They are'} shown on the cells.`
        : `${onCells} ${onCells === 1 ? 'is' : 'are'} shown on the cells.`
    );
  }
  for (const p of loose.slice(0, 3)) {
    parts.push(`${p.message}.`);
  }
  if (loose.length > 3) {
    parts.push(`And ${loose.length - 3} more in the Pipelines panel.`);
  }
  return parts.join(' ');
}

/** "Re-run": the shown run's parameter values that the pipeline still has. */
export function rerunParameters(
  previous: Record<string, unknown> | undefined,
  parameters: readonly IParameter[] | undefined
): Record<string, unknown> | undefined {
  if (!previous || !parameters) {
    return previous;
  }
  const names = new Set(parameters.map(p => p.name));
  return Object.fromEntries(
    Object.entries(previous).filter(([name]) => names.has(name))
  );
}
