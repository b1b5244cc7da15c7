import type { ICompileResult, IProblem } from '../tokens';

/**
 * The problems the panel lists: the compile's and those of a refused run,
 * without repeats, errors first, then in notebook order.
 */
export function panelProblems(
  compile: ICompileResult | null,
  runProblems: readonly IProblem[]
): IProblem[] {
  const seen = new Set<string>();
  const all: IProblem[] = [];
  for (const problem of [...runProblems, ...(compile?.problems ?? [])]) {
    const key = `${problem.kind}\u0000${problem.path}\u0000${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      all.push(problem);
    }
  }
  return all
    .map((problem, i) => ({ problem, i }))
    .sort(
      (a, b) =>
        severityRank(a.problem) - severityRank(b.problem) ||
        (a.problem.cellIndex ?? Infinity) - (b.problem.cellIndex ?? Infinity) ||
        a.i - b.i
    )
    .map(({ problem }) => problem);
}

/**
 * Why the pipeline cannot run, in words, while the problems hold an error
 * (the server would refuse the run); null when it can run.
 */
export function runBlocker(problems: readonly IProblem[]): string | null {
  const errors = problems.filter(p => p.severity === 'error');
  if (errors.length === 0) {
    return null;
  }
  const more =
    errors.length > 1
      ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''} under Problems)`
      : '';
  return `Cannot run: ${errors[0].message}${more}`;
}

function severityRank(problem: IProblem): number {
  return problem.severity === 'error' ? 0 : 1;
}

/** Problems about one property of one step (`...steps.<step>.<key>...`). */
export function propertyProblems(
  problems: readonly IProblem[],
  step: string,
  key: string
): IProblem[] {
  const needle = `steps.${step}.${key}`;
  return problems.filter(p => {
    const at = `.${p.path}.`.indexOf(`.${needle}.`);
    return at !== -1;
  });
}

/** Problems about one parameter (`parameters.<name>`). */
export function parameterProblems(
  problems: readonly IProblem[],
  name: string
): IProblem[] {
  return problems.filter(
    p =>
      p.path === `parameters.${name}` ||
      p.path.startsWith(`parameters.${name}.`)
  );
}

/**
 * Where a problem is, in words: `step train, cell 3, line 2`; empty when
 * the message already says which cell.
 */
export function problemPlace(problem: IProblem): string {
  if (
    problem.cellIndex !== undefined &&
    new RegExp(`\\bcell ${problem.cellIndex + 1}\\b`).test(problem.message)
  ) {
    return '';
  }
  const parts: string[] = [];
  if (problem.step) {
    parts.push(`step ${problem.step}`);
  }
  if (problem.cellIndex !== undefined) {
    parts.push(`cell ${problem.cellIndex + 1}`);
  }
  if (problem.line !== undefined) {
    parts.push(`line ${problem.line}`);
  }
  return parts.join(', ');
}
