import type { ICompileResult } from '../tokens';
import { afterOf, memberships, prevsOfTag, type ICellMarks } from './cellMarks';

/**
 * "Depends on…": the explicit `after` edges of a step, read from and written
 * to its cells. Pure, over the marks of every code cell in notebook order.
 */

/** The step cell `index` belongs to, if any. */
export function stepOfCell(
  cells: readonly ICellMarks[],
  index: number
): string | null {
  const m = memberships(cells)[index];
  return m?.kind === 'step' ? m.step : null;
}

/** Every step name, in notebook order. */
export function stepNames(cells: readonly ICellMarks[]): string[] {
  const names = memberships(cells)
    .map(m => (m.kind === 'step' ? m.step : ''))
    .filter(Boolean);
  return [...new Set(names)];
}

function cellsOfStep(cells: readonly ICellMarks[], step: string): number[] {
  return memberships(cells)
    .map((m, i) => (m.kind === 'step' && m.step === step ? i : -1))
    .filter(i => i >= 0);
}

/** The steps `step` runs after explicitly: `after` of its cells and their `prev:` tags. */
export function explicitAfter(
  cells: readonly ICellMarks[],
  step: string
): string[] {
  const names = cellsOfStep(cells, step).flatMap(i => afterOf(cells[i]));
  return [...new Set(names)];
}

/**
 * Sets the explicit dependencies of `step`: `after` on the step's first cell;
 * `after` on its other cells is dropped, and `prev:` tags are kept only for
 * steps still in the list.
 */
export function withStepAfter(
  cells: readonly ICellMarks[],
  step: string,
  after: readonly string[]
): ICellMarks[] {
  const indices = cellsOfStep(cells, step);
  const next = [...cells];
  indices.forEach((i, k) => {
    const marks = cells[i];
    const cellpipe = { ...marks.cellpipe };
    delete cellpipe.after;
    if (k === 0 && after.length > 0) {
      cellpipe.after = [...after];
    }
    const edited: ICellMarks = {};
    if (Object.keys(cellpipe).length > 0) {
      edited.cellpipe = cellpipe;
    }
    if (marks.tags) {
      edited.tags = marks.tags.filter(t =>
        prevsOfTag(t).every(prev => after.includes(prev))
      );
    }
    next[i] = edited;
  });
  return next;
}

/** One line of the "Depends on…" dialog. */
export interface IDependencyChoice {
  step: string;
  checked: boolean;
  /** Worth knowing: the variables of a data dependency, or "no such step". */
  note?: string;
}

/** The choices of the dialog: every other step, checked when `step` already runs after it. */
export function dependencyChoices(
  step: string,
  localSteps: readonly string[],
  current: readonly string[],
  compile: ICompileResult | null
): IDependencyChoice[] {
  const names = [
    ...new Set([
      ...(compile?.steps.map(s => s.name) ?? []),
      ...localSteps,
      ...current
    ])
  ].filter(n => n !== step);
  const known = new Set([
    ...(compile?.steps.map(s => s.name) ?? []),
    ...localSteps
  ]);
  return names.map(name => {
    const edge = compile?.edges.find(
      e => e.from === name && e.to === step && e.variables.length > 0
    );
    const note = !known.has(name)
      ? 'no such step'
      : edge
        ? `already waits for it (uses: ${edge.variables.join(', ')})`
        : undefined;
    return { step: name, checked: current.includes(name), note };
  });
}
