import { lineDiff, stepCodeDiffs } from '../runs/codeDiff';

describe('the code of a step compared between runs', () => {
  it('marks unchanged, removed and added lines, numbered on each side', () => {
    const diff = lineDiff(
      'X = load()\nmodel = fit(X, C=1.0)\nprint(model)',
      'X = load()\nmodel = fit(X, C=0.1)\nprint(model)\nscore(model)'
    );
    expect(diff.lines).toEqual([
      { kind: 'same', text: 'X = load()', before: 1, after: 1 },
      {
        kind: 'removed',
        text: 'model = fit(X, C=1.0)',
        before: 2,
        after: null
      },
      { kind: 'added', text: 'model = fit(X, C=0.1)', before: null, after: 2 },
      { kind: 'same', text: 'print(model)', before: 3, after: 3 },
      { kind: 'added', text: 'score(model)', before: null, after: 4 }
    ]);
    expect([diff.added, diff.removed]).toEqual([2, 1]);
  });

  it('does not count a missing final newline as a change', () => {
    const diff = lineDiff('a = 1\nb = 2\n', 'a = 1\nb = 2');
    expect(diff.lines.map(l => l.kind)).toEqual(['same', 'same']);
  });

  it('keeps blank lines as lines', () => {
    const diff = lineDiff('a = 1\n\nb = 2', 'a = 1\n\n\nb = 2');
    expect(diff.lines.map(l => [l.kind, l.text])).toEqual([
      ['same', 'a = 1'],
      ['same', ''],
      ['added', ''],
      ['same', 'b = 2']
    ]);
  });

  it('diffs each later run that differs against the first run with the step', () => {
    const diffs = stepCodeDiffs([null, 'x = 1', 'x = 1', 'x = 2', null]);
    expect(diffs.map(d => [d.from, d.to, d.diff?.added ?? null])).toEqual([
      [1, 3, 1],
      [1, 4, null]
    ]);
  });

  it('is nothing when no run has the step', () => {
    expect(stepCodeDiffs([null, null])).toEqual([]);
  });
});
