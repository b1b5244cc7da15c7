import type { ICompileResult, IProblem } from '../tokens';

/*
 * Where a problem is shown (pure): on the cell it names, else on the first
 * cell of its step; the rest go into the notification of a refused run.
 */

function problemKey(p: IProblem): string {
  return [p.kind, p.path, p.message, p.cellId ?? ''].join('\u0000');
}

/**
 * Problems by the cell they are about: those naming a cell go to it; those
 * naming only a step go to the step's first cell. Repeats are dropped.
 */
export function problemsByCell(
  compile: ICompileResult | null,
  extra: readonly IProblem[]
): Map<string, IProblem[]> {
  const firstCell = new Map(
    (compile?.steps ?? []).map(s => [s.name, s.cells[0]?.id])
  );
  const seen = new Set<string>();
  const byCell = new Map<string, IProblem[]>();
  for (const p of [...(compile?.problems ?? []), ...extra]) {
    const key = problemKey(p);
    const cellId = p.cellId ?? (p.step ? firstCell.get(p.step) : undefined);
    if (seen.has(key) || !cellId) {
      continue;
    }
    seen.add(key);
    byCell.set(cellId, [...(byCell.get(cellId) ?? []), p]);
  }
  return byCell;
}

/** Problems that no cell shows (they go into the notification instead). */
export function problemsWithoutCell(
  compile: ICompileResult | null,
  problems: readonly IProblem[]
): IProblem[] {
  const steps = new Set((compile?.steps ?? []).map(s => s.name));
  return problems.filter(p => !p.cellId && !(p.step && steps.has(p.step)));
}
