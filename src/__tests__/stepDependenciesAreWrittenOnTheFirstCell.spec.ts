import type { ICompileResult } from '../api/wire';
import type { ICellMarks } from '../cells/cellMarks';
import {
  dependencyChoices,
  explicitAfter,
  stepNames,
  stepOfCell,
  withStepAfter
} from '../cells/stepDependencies';
import { m, plain, role, t } from './cellMarksFixtures';

describe('"Depends on…"', () => {
  const cells: ICellMarks[] = [
    role('imports'),
    m('load'),
    m('train', { after: ['load'] }),
    { ...plain, tags: ['prev:prep', 'hide-input'] },
    m('report'),
    m('train', { after: ['old'] })
  ];

  it('finds the step of a cell and every step name in notebook order', () => {
    expect(stepOfCell(cells, 3)).toBe('train');
    expect(stepOfCell(cells, 0)).toBeNull();
    expect(stepNames(cells)).toEqual(['load', 'train', 'report']);
  });

  it('reads after and prev: from every cell of the step', () => {
    expect(explicitAfter(cells, 'train')).toEqual(['load', 'prep', 'old']);
    expect(explicitAfter(cells, 'report')).toEqual([]);
  });

  it('writes the list on the first cell and removes the rest', () => {
    const next = withStepAfter(cells, 'train', ['prep', 'report']);
    expect(next[2]).toEqual(m('train', { after: ['prep', 'report'] }));
    expect(next[3]).toEqual({ tags: ['prev:prep', 'hide-input'] });
    expect(next[5]).toEqual(m('train'));
    expect(explicitAfter(next, 'train')).toEqual(['prep', 'report']);
    expect(next[1]).toBe(cells[1]);
  });

  it('an empty list removes every explicit dependency', () => {
    const next = withStepAfter(cells, 'train', []);
    expect(explicitAfter(next, 'train')).toEqual([]);
    expect(next[2]).toEqual(m('train'));
  });

  it('works for a step named by a Kale tag', () => {
    const kale = [t('block:a'), t('block:b', 'prev:a')];
    const next = withStepAfter(kale, 'b', []);
    expect(next[1]).toEqual({ tags: ['block:b'] });
    expect(withStepAfter(kale, 'b', ['a'])[1]).toEqual({
      cellpipe: { after: ['a'] },
      tags: ['block:b', 'prev:a']
    });
  });
});

describe('the "Depends on…" dialog lists', () => {
  const compile = {
    steps: [{ name: 'load' }, { name: 'train' }, { name: 'report' }],
    edges: [
      { from: 'load', to: 'train', variables: ['df', 'y'], explicit: false }
    ]
  } as unknown as ICompileResult;

  it('every other step, checked when already a dependency, with data edges named', () => {
    expect(
      dependencyChoices('train', ['load', 'train', 'new'], ['report'], compile)
    ).toEqual([
      {
        step: 'load',
        checked: false,
        note: 'already waits for it (uses: df, y)'
      },
      { step: 'report', checked: true, note: undefined },
      { step: 'new', checked: false, note: undefined }
    ]);
  });

  it('a dependency on a step that is gone, so it can be removed', () => {
    expect(dependencyChoices('a', ['a'], ['gone'], null)).toEqual([
      { step: 'gone', checked: true, note: 'no such step' }
    ]);
  });
});
