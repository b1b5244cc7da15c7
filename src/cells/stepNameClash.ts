import { makeStep, type Selection } from './cellEdits';
import { memberships, type ICellMarks } from './cellMarks';

/**
 * Why naming the selected cells `name` would merge them into an existing
 * step elsewhere in the notebook (two places with one step name are one
 * step, Kale's rule), or null: the cells of step `name` after the edit must
 * be one stretch, with only skipped cells between them.
 */
export function stepNameClash(
  cells: readonly ICellMarks[],
  selected: Selection,
  name: string
): string | null {
  const after = memberships(makeStep(cells, selected, name));
  const own = after.flatMap((m, i) =>
    m.kind === 'step' && m.step === name ? [i] : []
  );
  if (own.length === 0) {
    return null;
  }
  const between = after.slice(own[0], own[own.length - 1] + 1);
  const apart = between.some(
    m =>
      (m.kind === 'step' && m.step !== name) ||
      (m.kind === 'role' && m.role !== 'skip')
  );
  return apart
    ? `another part of the notebook is already step "${name}": these cells would join it (one name is one step), not make a second step; choose another name`
    : null;
}
