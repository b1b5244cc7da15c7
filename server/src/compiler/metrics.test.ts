import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { compileWith, testCompileService } from '../testing/compiler.js';
import { notebook, step, type CellSpec } from '../testing/notebooks.js';

const compile = compileWith(testCompileService());

const params = (source: string): CellSpec => ({
  source,
  tags: ['pipeline-parameters']
});
const metricsCell = (source: string): CellSpec => ({
  source,
  tags: ['pipeline-metrics']
});

async function reporters(cells: CellSpec[]) {
  const { result } = await compile(notebook(cells));
  return {
    result,
    metrics: Object.fromEntries(
      result.steps
        .filter(s => s.metrics.length > 0)
        .map(s => [s.name, s.metrics])
    )
  };
}

describe('parameters named in the metrics cell', () => {
  test('are reported by the last step that reads them (Kale reports them too)', async () => {
    const { result, metrics } = await reporters([
      params('d1 = 5\nd2 = 6'),
      step('create_matrix', 'm = [[0] * d2 for _ in range(d1)]'),
      step('sum_matrix', 's = sum(map(sum, m))'),
      metricsCell('print(d1)\nprint(d2)\nprint(s)')
    ]);
    assert.equal(result.ok, true, JSON.stringify(result.problems));
    assert.deepEqual(metrics, {
      create_matrix: ['d1', 'd2'],
      sum_matrix: ['s']
    });
  });

  test('no step reads it: the last step reports it', async () => {
    const { result, metrics } = await reporters([
      params('lr = 0.1'),
      step('a', 'x = 1'),
      step('b', 'y = x'),
      metricsCell('lr')
    ]);
    assert.equal(result.ok, true);
    assert.deepEqual(metrics, { b: ['lr'] });
  });

  test("count for the reporting step's cache key, so a new value re-runs it", async () => {
    const { result } = await reporters([
      params('lr = 0.1'),
      step('a', 'x = 1'),
      metricsCell('lr')
    ]);
    assert.deepEqual(result.steps[0].parameters, ['lr']);
  });

  test('a step that binds the name again reports its own value', async () => {
    const { metrics } = await reporters([
      params('n = 5'),
      step('a', 'x = n'),
      step('b', 'n = x * 2'),
      metricsCell('n')
    ]);
    assert.deepEqual(metrics, { b: ['n'] });
  });

  test('a name neither a step nor a parameter defines is still an error', async () => {
    const { result } = await reporters([
      params('n = 5'),
      step('a', 'x = n'),
      metricsCell('accuracy')
    ]);
    assert.deepEqual(
      result.problems.filter(p => p.severity === 'error').map(p => p.kind),
      ['unknown-metric']
    );
  });
});

describe('code in a metrics cell that is not a bare name', () => {
  const other: Array<[string, string, RegExp]> = [
    ['an assignment', 'acc = 0.9', /uses acc/],
    [
      'an expression',
      'print(acc * 100)',
      /only the variables it names are metrics/
    ],
    ['a call', 'acc.item()', /uses acc/],
    ['a literal', 'print("done")', /only the variables it names are metrics/]
  ];
  for (const [name, source, message] of other) {
    test(`${name} is a warning on its cell`, async () => {
      const { result } = await compile(
        notebook([step('a', 'acc = 0.9'), metricsCell(source)])
      );
      const warnings = result.problems.filter(
        p => p.kind === 'ignored-metric-code'
      );
      assert.equal(warnings.length, 1, JSON.stringify(result.problems));
      assert.equal(warnings[0].severity, 'warning');
      assert.equal(warnings[0].cellIndex, 1);
      assert.match(warnings[0].message, message);
    });
  }

  const fine = [
    'acc',
    'print(acc)',
    'display(acc)',
    'acc, f1',
    '# the metrics\nacc',
    ''
  ];
  for (const source of fine) {
    test(`${JSON.stringify(source)} is only names: no warning`, async () => {
      const { result } = await compile(
        notebook([step('a', 'acc = 0.9\nf1 = 0.8'), metricsCell(source)])
      );
      assert.deepEqual(
        result.problems.filter(p => p.kind === 'ignored-metric-code'),
        []
      );
    });
  }
});
