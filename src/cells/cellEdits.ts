import {
  stepSettingsOf,
  withoutPipelineMarks,
  withoutRoles,
  withoutStepName,
  withoutStepSettings,
  withRoleMark,
  withStepMark,
  withStepSettings,
  type IStepSettings
} from './cellMarkEdits';
import {
  memberships,
  ownMark,
  sameMembership,
  type CellRole,
  type ICellMarks,
  type Membership
} from './cellMarks';

/**
 * The cell commands as pure edits of the notebook's code cells: each takes
 * the marks of every code cell (in notebook order) and the indices of the
 * selected ones (sorted), and returns the marks of every code cell after the
 * edit. The command writes back the cells that changed.
 *
 * A step mark starts a step that runs until the next mark (Kale's rule), so
 * "Make pipeline step…", "Add to step above" and "Remove from pipeline" only
 * edit the selected cells. A role (skip, imports, ...) is about exactly the
 * selected cells: turning one on or off keeps the cell below the selection
 * where it was (it gets the mark it had inherited).
 */
export type Selection = readonly number[];

/** Consecutive selected indices, as [first, last] pairs. */
function runsOf(selected: Selection): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const i of selected) {
    const last = runs[runs.length - 1];
    if (last && last[1] === i - 1) {
      last[1] = i;
    } else {
      runs.push([i, i]);
    }
  }
  return runs;
}

function mapSelected(
  cells: readonly ICellMarks[],
  selected: Selection,
  fn: (marks: ICellMarks) => ICellMarks
): ICellMarks[] {
  const chosen = new Set(selected);
  return cells.map((c, i) => (chosen.has(i) ? fn(c) : c));
}

export function makeStep(
  cells: readonly ICellMarks[],
  selected: Selection,
  name: string
): ICellMarks[] {
  return mapSelected(cells, selected, c => withStepMark(c, name));
}

/** The step the cell right above the selection belongs to, if any. */
export function stepAbove(
  cells: readonly ICellMarks[],
  selected: Selection
): string | null {
  const first = selected[0];
  if (first === undefined || first === 0) {
    return null;
  }
  const above = memberships(cells)[first - 1];
  return above.kind === 'step' ? above.step : null;
}

/** "Add to step above" changes something: a step above, and a selected cell with a mark. */
export function canJoinStepAbove(
  cells: readonly ICellMarks[],
  selected: Selection
): boolean {
  return (
    stepAbove(cells, selected) !== null &&
    selected.some(i => {
      const s = stepSettingsOf(cells[i]);
      return ownMark(cells[i]) !== null || s.after.length + s.tags.length > 0;
    })
  );
}

/** The selected cells lose their step, role and step settings, so they continue the step above. */
export function joinStepAbove(
  cells: readonly ICellMarks[],
  selected: Selection
): ICellMarks[] {
  return mapSelected(cells, selected, c =>
    withoutStepSettings(withoutStepName(withoutRoles(c)))
  );
}

export function removeFromPipeline(
  cells: readonly ICellMarks[],
  selected: Selection
): ICellMarks[] {
  return mapSelected(cells, selected, withoutPipelineMarks);
}

/** True when every selected cell has `role`, its own or continued from above. */
export function hasRole(
  cells: readonly ICellMarks[],
  selected: Selection,
  role: CellRole
): boolean {
  const all = memberships(cells);
  return (
    selected.length > 0 &&
    selected.every(i => all[i].kind === 'role' && all[i].role === role)
  );
}

export function toggleRole(
  cells: readonly ICellMarks[],
  selected: Selection,
  role: CellRole
): ICellMarks[] {
  return hasRole(cells, selected, role)
    ? roleOff(cells, selected, role)
    : roleOn(cells, selected, role);
}

function roleOn(
  cells: readonly ICellMarks[],
  selected: Selection,
  role: CellRole
): ICellMarks[] {
  const before = memberships(cells);
  const moved = new Map<string, IStepSettings>();
  for (const i of selected) {
    const m = before[i];
    if (m.kind === 'step') {
      const s = stepSettingsOf(cells[i]);
      const all = moved.get(m.step) ?? { after: [], tags: [] };
      moved.set(m.step, {
        after: [...all.after, ...s.after],
        tags: [...all.tags, ...s.tags]
      });
    }
  }
  const next = mapSelected(cells, selected, c =>
    withRoleMark(withoutStepSettings(c), role)
  );
  keepCellsBelow(next, before, selected);
  keepOutCellsBelow(next, before, selected, role);
  carrySettings(next, selected, moved);
  return next;
}

/**
 * Cells below the selection that were in no step (above the first one) would
 * join the new role region by Kale's rule; they get a skip mark instead, so
 * they stay out of the pipeline as before (mutates `next`; skip is
 * transparent, so every such cell down to the next mark gets one).
 */
function keepOutCellsBelow(
  next: ICellMarks[],
  before: readonly Membership[],
  selected: Selection,
  role: CellRole
): void {
  if (role === 'skip') {
    return;
  }
  const chosen = new Set(selected);
  for (const [, last] of runsOf(selected)) {
    let j = last + 1;
    while (j < next.length && !chosen.has(j) && ownMark(next[j]) === null) {
      j++;
    }
    for (let k = last + 1; k < j; k++) {
      if (before[k].kind === 'none') {
        next[k] = withRoleMark(next[k], 'skip');
      }
    }
  }
}

/** Indices of the cells an edit changed besides the selected ones (the command says which). */
export function otherCellsChanged(
  before: readonly ICellMarks[],
  after: readonly ICellMarks[],
  selected: Selection
): number[] {
  const chosen = new Set(selected);
  return after
    .map((marks, i) =>
      !chosen.has(i) && JSON.stringify(marks) !== JSON.stringify(before[i])
        ? i
        : -1
    )
    .filter(i => i >= 0);
}

/**
 * Turning a role off: the cells join the step above them; when there is no
 * step right above (top of the notebook, under imports or parameters), the
 * next step below them.
 */
function roleOff(
  cells: readonly ICellMarks[],
  selected: Selection,
  role: CellRole
): ICellMarks[] {
  const before = memberships(cells);
  const next = mapSelected(cells, selected, c => withoutRoles(c, role));
  for (const [first, last] of runsOf(selected)) {
    if (memberships(next)[first].kind === 'step') {
      continue;
    }
    const below = next
      .slice(last + 1)
      .map(ownMark)
      .find(m => m?.kind === 'step');
    if (below?.kind === 'step') {
      next[first] = withStepMark(next[first], below.step);
    }
  }
  keepCellsBelow(next, before, selected);
  return next;
}

function markFor(marks: ICellMarks, m: Membership): ICellMarks {
  if (m.kind === 'step') {
    return withStepMark(marks, m.step);
  }
  return m.kind === 'role' ? withRoleMark(marks, m.role) : marks;
}

/** The unmarked cell right below each selected run keeps the step or role it had (mutates `next`). */
function keepCellsBelow(
  next: ICellMarks[],
  before: readonly Membership[],
  selected: Selection
): void {
  const chosen = new Set(selected);
  for (const [, last] of runsOf(selected)) {
    const j = last + 1;
    if (
      j >= next.length ||
      chosen.has(j) ||
      ownMark(next[j]) !== null ||
      before[j].kind === 'none' ||
      sameMembership(memberships(next)[j], before[j])
    ) {
      continue;
    }
    next[j] = markFor(next[j], before[j]);
  }
}

/** Step settings taken off the selected cells go to the first remaining cell of their step (mutates `next`). */
function carrySettings(
  next: ICellMarks[],
  selected: Selection,
  moved: Map<string, IStepSettings>
): void {
  const chosen = new Set(selected);
  const after = memberships(next);
  for (const [step, settings] of moved) {
    if (settings.after.length + settings.tags.length === 0) {
      continue;
    }
    const j = after.findIndex(
      (m, i) => !chosen.has(i) && m.kind === 'step' && m.step === step
    );
    if (j >= 0) {
      next[j] = withStepSettings(next[j], settings);
    }
  }
}
