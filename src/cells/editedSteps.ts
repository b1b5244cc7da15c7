import type { ICompileResult, IRunSources } from '../tokens';

/**
 * The steps whose cells were edited after the run shown received them
 * (pure): step -> notebook index of its first edited cell. A changed
 * imports/functions cell changes every step. Cells the run did not have
 * (added since) count as edited; composed steps' cells from other
 * notebooks are not compared (their sources are not at hand).
 */
export function editedSteps(
  compile: ICompileResult | null,
  run: IRunSources | null,
  current: ReadonlyMap<string, string>
): Map<string, number> {
  const out = new Map<string, number>();
  if (!compile || !run) {
    return out;
  }
  const changed = (ref: { id: string; notebook?: string }) =>
    ref.notebook === undefined &&
    current.has(ref.id) &&
    run.cells[ref.id] !== current.get(ref.id);
  const prelude = compile.prelude.find(changed);
  for (const step of compile.steps) {
    const cell = step.cells.find(changed) ?? prelude;
    if (cell) {
      out.set(step.name, cell.index);
    }
  }
  return out;
}
