import type { IProblem } from '../contract/wire.js';

/**
 * Every kind of problem the pipeline rules can report. The frontend shows
 * them next to the node and the cell they concern, so each carries the step,
 * cell and line when it has one.
 */
export type ProblemKind =
  | 'invalid-notebook'
  | 'invalid-metadata'
  | 'unsupported-version'
  | 'invalid-step-name'
  | 'empty-step'
  | 'empty-pipeline'
  | 'unknown-step'
  | 'cycle'
  | 'undefined-name'
  | 'star-import'
  | 'syntax-error'
  | 'non-literal-parameter'
  | 'unknown-parameter'
  | 'invalid-parameter-value'
  | 'invalid-property'
  | 'unknown-metric'
  | 'ignored-metric-code'
  | 'unsupported-kale'
  | 'notebook-reference'
  | 'renamed-step'
  | 'random-state'
  | 'shared-object'
  | 'duplicate-step-name'
  | 'analysis-failed'
  | 'cannot-cross'
  | 'missing-module'
  | 'missing-package'
  | 'imports-unchecked';

export type Problem = IProblem & { kind: ProblemKind };

/** Fields that locate a problem; `path` is always required. */
export type ProblemPlace = Pick<
  IProblem,
  'path' | 'step' | 'cellId' | 'cellIndex' | 'line'
>;

export function error(
  kind: ProblemKind,
  message: string,
  place: ProblemPlace
): Problem {
  return { kind, message, severity: 'error', ...place };
}

export function warning(
  kind: ProblemKind,
  message: string,
  place: ProblemPlace
): Problem {
  return { kind, message, severity: 'warning', ...place };
}

export function hasErrors(problems: readonly IProblem[]): boolean {
  return problems.some(p => p.severity === 'error');
}
