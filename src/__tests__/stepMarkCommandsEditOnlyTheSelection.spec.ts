import {
  canJoinStepAbove,
  joinStepAbove,
  makeStep,
  removeFromPipeline,
  stepAbove
} from '../cells/cellEdits';
import type { ICellMarks } from '../cells/cellMarks';
import { stepNameClash } from '../cells/stepNameClash';
import { m, plain, role, t, where } from './cellMarksFixtures';

describe('"Make pipeline step…" on the selection', () => {
  it('marks every selected cell and leaves the others', () => {
    const cells = [plain, plain, plain];
    const next = makeStep(cells, [0, 1], 'load');
    expect(next).toEqual([m('load'), m('load'), plain]);
    expect(where(next)).toEqual(['load', 'load', 'load']);
  });

  it('clears role metadata and role tags, renames a Kale step tag, keeps other tags', () => {
    const cell: ICellMarks = {
      cellpipe: { skip: true, note: 1 },
      tags: ['skip', 'block:old', 'hide-input', 'prev:a']
    };
    expect(makeStep([cell], [0], 'new')).toEqual([
      {
        cellpipe: { note: 1, step: 'new' },
        tags: ['block:new', 'hide-input', 'prev:a']
      }
    ]);
  });

  it('does not mutate its input', () => {
    const cells = [m('a')];
    makeStep(cells, [0], 'b');
    expect(cells).toEqual([m('a')]);
  });
});

describe('"Add to step above"', () => {
  const cells = [
    m('load'),
    plain,
    m('train', { after: ['x'] }),
    plain,
    m('report')
  ];

  it('is offered when a step is above and a selected cell has a mark', () => {
    expect(stepAbove(cells, [2])).toBe('load');
    expect(canJoinStepAbove(cells, [2])).toBe(true);
    expect(canJoinStepAbove(cells, [1])).toBe(false); // nothing to remove
    expect(canJoinStepAbove(cells, [0])).toBe(false); // nothing above
    expect(stepAbove([role('imports'), m('a')], [1])).toBeNull();
  });

  it('removes step, role and dependencies so the cells continue the step above', () => {
    const next = joinStepAbove(cells, [2]);
    expect(next[2]).toEqual({});
    expect(where(next)).toEqual(['load', 'load', 'load', 'load', 'report']);
  });

  it('works on a role cell and on Kale tags, keeping other tags', () => {
    const kale = [
      t('block:load'),
      t('skip', 'prev:x', 'image:py', 'hide-input')
    ];
    expect(joinStepAbove(kale, [1])[1]).toEqual({ tags: ['hide-input'] });
  });

  it('is undone by "Make pipeline step…" with the old name', () => {
    const joined = joinStepAbove([m('load'), m('train')], [1]);
    expect(makeStep(joined, [1], 'train')).toEqual([m('load'), m('train')]);
  });
});

describe('"Remove from pipeline"', () => {
  it('clears metadata.cellpipe and every pipeline tag, keeping other tags', () => {
    const cell: ICellMarks = {
      cellpipe: { step: 'a', after: ['b'], x: 1 },
      tags: [
        'block:a',
        'step:a',
        'prev:b',
        'skip',
        'imports',
        'functions',
        'pipeline-parameters',
        'pipeline-metrics',
        'image:python:3.11',
        'limit:memory:2Gi',
        'hide-input'
      ]
    };
    expect(removeFromPipeline([cell, m('z')], [0])).toEqual([
      { tags: ['hide-input'] },
      m('z')
    ]);
  });

  it('drops an emptied tag list', () => {
    expect(removeFromPipeline([t('skip')], [0])).toEqual([{}]);
  });

  it('is undone by "Make pipeline step…"', () => {
    const removed = removeFromPipeline([m('a'), m('b'), plain], [1]);
    expect(where(removed)).toEqual(['a', 'a', 'a']);
    expect(makeStep(removed, [1], 'b')).toEqual([m('a'), m('b'), plain]);
  });
});

describe('a step name used elsewhere', () => {
  it('is refused when the cells would join a step apart from them', () => {
    const cells = [m('load'), plain, m('train'), plain];
    expect(stepNameClash(cells, [3], 'load')).toMatch(
      /already step "load".*would join it/
    );
    expect(stepNameClash(cells, [3], 'eval')).toBeNull();
  });

  it('is fine next to the step (it continues it) or across skipped cells', () => {
    expect(stepNameClash([m('load'), plain, plain], [2], 'load')).toBeNull();
    expect(
      stepNameClash([m('load'), role('skip'), m('train')], [2], 'load')
    ).toBeNull();
    // Renaming a whole step to its own name.
    expect(stepNameClash([m('a'), plain, m('b')], [0, 1], 'a')).toBeNull();
  });
});
