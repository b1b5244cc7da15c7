import { hasRole, otherCellsChanged, toggleRole } from '../cells/cellEdits';
import type { CellRole, ICellMarks } from '../cells/cellMarks';
import { m, plain, role, t, where } from './cellMarksFixtures';

const ROLES: CellRole[] = ['skip', 'imports', 'parameters', 'metrics'];

describe.each(ROLES)('toggling %p', r => {
  it('marks exactly the selected cells; the cell below stays in its step', () => {
    const cells = [m('load'), plain, plain];
    const on = toggleRole(cells, [0], r);
    expect(where(on)).toEqual([`[${r}]`, 'load', 'load']);
    expect(hasRole(on, [0], r)).toBe(true);
  });

  it('turned off again gives back where every cell was', () => {
    const cells = [m('load'), plain, plain, m('train'), plain];
    for (const sel of [[0], [1], [1, 2], [4]]) {
      const on = toggleRole(cells, sel, r);
      const off = toggleRole(on, sel, r);
      expect(hasRole(off, sel, r)).toBe(false);
      expect(where(off)).toEqual(where(cells));
    }
  });
});

describe('role toggles', () => {
  it('is toggled only when every selected cell has the role', () => {
    const cells = [role('imports'), plain, m('a')];
    expect(hasRole(cells, [0, 1], 'imports')).toBe(true); // the second continues it
    expect(hasRole(cells, [0, 2], 'imports')).toBe(false);
    expect(hasRole(cells, [], 'imports')).toBe(false);
    expect(where(toggleRole(cells, [0, 2], 'imports'))).toEqual([
      '[imports]',
      '[imports]',
      '[imports]'
    ]);
  });

  it('a skipped cell is transparent: the cell below it continues what is above it', () => {
    const cells = [m('a'), role('skip'), plain];
    expect(where(cells)).toEqual(['a', '[skip]', 'a']);
    expect(hasRole(cells, [1, 2], 'skip')).toBe(false);
    expect(where(toggleRole(cells, [1, 2], 'skip'))).toEqual([
      'a',
      '[skip]',
      '[skip]'
    ]);
  });

  it('turning a role on replaces another role and the step name', () => {
    expect(
      toggleRole([{ cellpipe: { step: 'a', skip: true } }], [0], 'imports')
    ).toEqual([role('imports')]);
    expect(toggleRole([t('skip', 'block:a', 'x')], [0], 'metrics')).toEqual([
      { tags: ['x'], cellpipe: { metrics: true } }
    ]);
  });

  it("moves the step's dependencies and Kale settings to the cell that now starts it", () => {
    const cells: ICellMarks[] = [
      { cellpipe: { step: 'train', after: ['load'] }, tags: ['image:py', 'x'] },
      plain
    ];
    const on = toggleRole(cells, [0], 'skip');
    expect(on).toEqual([
      { cellpipe: { skip: true }, tags: ['x'] },
      { cellpipe: { step: 'train', after: ['load'] }, tags: ['image:py'] }
    ]);
  });

  it('keeps a cell below that continued a role in that role', () => {
    const cells = [role('imports'), plain, plain, m('a')];
    expect(where(toggleRole(cells, [1], 'skip'))).toEqual([
      '[imports]',
      '[skip]',
      '[imports]',
      'a'
    ]);
  });

  it('a cell that is off joins the step above it', () => {
    const cells = [m('a'), plain, role('skip'), m('b')];
    expect(where(toggleRole(cells, [2], 'skip'))).toEqual(['a', 'a', 'a', 'b']);
  });

  it('with no step above, a cell that is off joins the next step below', () => {
    const cells = [role('imports'), role('skip'), m('b')];
    const off = toggleRole(cells, [1], 'skip');
    expect(where(off)).toEqual(['[imports]', 'b', 'b']);
  });

  it('a cell that only continued a role leaves it too', () => {
    const kale = [t('imports'), plain, plain, t('block:x')];
    const off = toggleRole(kale, [1], 'imports');
    expect(where(off)).toEqual(['[imports]', 'x', '[imports]', 'x']);
  });

  it('handles a selection with gaps', () => {
    const cells = [m('a'), plain, plain, plain];
    const on = toggleRole(cells, [1, 3], 'skip');
    expect(where(on)).toEqual(['a', '[skip]', 'a', '[skip]']);
    expect(where(toggleRole(on, [1, 3], 'skip'))).toEqual(where(cells));
  });

  it('never touches cells outside the selection other than the one right below', () => {
    const cells = [m('a'), plain, plain, plain];
    const on = toggleRole(cells, [1], 'skip');
    expect(on[0]).toBe(cells[0]);
    expect(on[3]).toBe(cells[3]);
  });
});

describe('marking cells above the first step', () => {
  it.each(['imports', 'parameters', 'metrics'] as CellRole[])(
    '%p marks only the selected cell: the cells below stay out of the pipeline',
    r => {
      const cells = [plain, plain, plain, m('load'), plain];
      const on = toggleRole(cells, [0], r);
      expect(where(on)).toEqual([`[${r}]`, '[skip]', '[skip]', 'load', 'load']);
      expect(otherCellsChanged(cells, on, [0])).toEqual([1, 2]);
    }
  );

  it('skip needs no other mark (it is transparent)', () => {
    const cells = [plain, plain, m('load')];
    const on = toggleRole(cells, [0], 'skip');
    expect(where(on)).toEqual(['[skip]', '-', 'load']);
    expect(otherCellsChanged(cells, on, [0])).toEqual([]);
  });

  it('a cell below that is already in a step is left as it was', () => {
    const cells = [m('load'), plain, plain];
    const on = toggleRole(cells, [1], 'imports');
    expect(where(on)).toEqual(['load', '[imports]', 'load']);
    expect(otherCellsChanged(cells, on, [1])).toEqual([2]);
  });
});
