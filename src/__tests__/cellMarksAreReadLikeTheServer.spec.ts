import { ownMark, readMarks, type ICellMarks } from '../cells/cellRoles';
import { isPipelineTag } from '../cells/cellTags';
import { m, plain, role, t, where } from './cellMarksFixtures';

describe('a cell mark is read as the server reads it', () => {
  it.each<[string, ICellMarks, ReturnType<typeof ownMark>]>([
    ['no mark', plain, null],
    ['metadata step', m('train'), { kind: 'step', step: 'train' }],
    ['kale block:', t('block:load'), { kind: 'step', step: 'load' }],
    ['kale step:', t('step:load'), { kind: 'step', step: 'load' }],
    [
      'metadata wins over a tag',
      { ...m('meta'), ...t('block:tag') },
      { kind: 'step', step: 'meta' }
    ],
    ['metadata role', role('skip'), { kind: 'role', role: 'skip' }],
    [
      'kale pipeline-parameters',
      t('pipeline-parameters'),
      { kind: 'role', role: 'parameters' }
    ],
    [
      'papermill parameters',
      t('parameters'),
      { kind: 'role', role: 'parameters' }
    ],
    [
      'kale pipeline-metrics',
      t('pipeline-metrics'),
      { kind: 'role', role: 'metrics' }
    ],
    [
      'a role wins over a step',
      t('block:a', 'skip'),
      { kind: 'role', role: 'skip' }
    ],
    ['after alone is no mark', { cellpipe: { after: ['a'] } }, null],
    ["other tools' tags", t('hide-input', 'constructor'), null]
  ])('%s', (_, marks, expected) => {
    expect(ownMark(marks)).toEqual(expected);
  });

  it('applies Kale rule: an unmarked cell continues the one above', () => {
    expect(
      where([plain, m('load'), plain, role('skip'), plain, t('block:train')])
    ).toEqual(['-', 'load', 'load', '[skip]', '[skip]', 'train']);
  });

  it('reads malformed metadata leniently', () => {
    expect(readMarks('train', 'x')).toEqual({});
    expect(readMarks({ step: 'a' }, ['x', 3])).toEqual({
      cellpipe: { step: 'a' },
      tags: ['x']
    });
  });

  it.each([
    ['block:a', true],
    ['prev:a', true],
    ['image:python:3.11', true],
    ['limit:memory:2Gi', true],
    ['imports', true],
    ['hide-input', false],
    ['block:', false],
    ['toString', false]
  ])('tag %p is a pipeline tag: %p', (tag, expected) => {
    expect(isPipelineTag(tag)).toBe(expected);
  });
});
