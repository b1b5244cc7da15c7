import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';

import { resolvePython } from '../../pipelines/pythonExecutable.js';
import { compileWith, testCompileService } from '../../testing/compiler.js';
import { notebook, step } from '../../testing/notebooks.js';
import { runCompiled, type IStepRun } from '../../testing/runCompiled.js';
import type { StepEvent } from '../stepEvents.js';

const compile = compileWith(testCompileService());
let python: string;

const ofType = <K extends StepEvent['event']>(run: IStepRun, kind: K) =>
  run.events.filter(
    (e): e is Extract<StepEvent, { event: K }> => e.event === kind
  );

/** Real data through real step programs: numpy, pandas, scikit-learn, plain Python. */
const ML_NOTEBOOK = notebook([
  {
    source:
      'import numpy as np\nimport pandas as pd\nfrom sklearn.linear_model import LogisticRegression',
    tags: ['imports']
  },
  { source: 'n = 60\nseed = 0', tags: ['pipeline-parameters'] },
  step(
    'load',
    'rng = np.random.default_rng(seed)\nX = rng.normal(size=(n, 3))\ny = (X[:, 0] > 0).astype(int)\nframe = pd.DataFrame(X, columns=list("abc"))\nconfig = {"rows": n}\nprint("rows", len(X))'
  ),
  step(
    'train',
    'model = LogisticRegression().fit(frame.values, y)\naccuracy = float(model.score(X, y))'
  ),
  step(
    'check',
    'pred = model.predict(X)\nprint("check", config["rows"], len(pred) == len(y))'
  ),
  { source: 'accuracy', tags: ['pipeline-metrics'] }
]);

describe("generated step programs run with the machine's Python", () => {
  before(async () => {
    python = await resolvePython();
  });

  test('numpy arrays, DataFrames, a fitted sklearn model and a dict pass between steps', async () => {
    const compiled = await compile(ML_NOTEBOOK);
    assert.equal(
      compiled.result.ok,
      true,
      JSON.stringify(compiled.result.problems)
    );
    const runs = await runCompiled(compiled, {
      python,
      root: mkdtempSync(join(tmpdir(), 'cellpipe-ml-'))
    });
    for (const [name, run] of runs) {
      assert.equal(run.exit.code, 0, `${name}: ${run.logs.join('\n')}`);
      assert.equal(ofType(run, 'finished').length, 1);
    }
    const formats = Object.fromEntries(
      ofType(runs.get('load')!, 'output').map(o => [o.name, o.format])
    );
    assert.deepEqual(formats, {
      X: 'npy',
      config: 'pickle',
      frame: 'pandas-pickle',
      y: 'npy'
    });
    assert.deepEqual(
      ofType(runs.get('train')!, 'output').map(o => [o.name, o.format]),
      [['model', 'joblib']]
    );
    const [metric] = ofType(runs.get('train')!, 'metric');
    assert.equal(metric.name, 'accuracy');
    assert.ok(metric.value > 0.8, `accuracy ${metric.value}`);
    assert.ok(
      runs.get('check')!.logs.includes('check 60 True'),
      runs.get('check')!.logs.join('\n')
    );
  });

  test('a model the last step trains is saved for deploying; its other final values are not', async () => {
    const compiled = await compile(
      notebook([
        {
          source: 'from sklearn.linear_model import LogisticRegression',
          tags: ['imports']
        },
        step('load', 'X = [[0.0], [1.0], [2.0], [3.0]]\ny = [0, 0, 1, 1]'),
        step(
          'train',
          'model = LogisticRegression().fit(X, y)\nnote = "done"\nscore = model.score(X, y)'
        )
      ])
    );
    assert.equal(
      compiled.result.ok,
      true,
      JSON.stringify(compiled.result.problems)
    );
    assert.match(
      compiled.programs.get('train')!,
      /\\"models\\":\[\\"model\\",\\"note\\",\\"score\\"\]/
    );
    const runs = await runCompiled(compiled, {
      python,
      root: mkdtempSync(join(tmpdir(), 'cellpipe-final-model-'))
    });
    const train = runs.get('train')!;
    assert.equal(train.exit.code, 0, train.logs.join('\n'));
    assert.deepEqual(
      ofType(runs.get('train')!, 'output').map(o => [o.name, o.format]),
      [['model', 'joblib']]
    );
  });

  test("a model fit on a DataFrame from an earlier step says its feature names and that frame's first row", async () => {
    const compiled = await compile(
      notebook([
        {
          source:
            'import pandas as pd\nfrom sklearn.linear_model import LogisticRegression',
          tags: ['imports']
        },
        step(
          'load',
          'X = pd.DataFrame({"sepal_length": [5.1, 7.0, 6.3], "petal_width": [0.2, 1.4, 2.5]})\ny = [0, 1, 2]'
        ),
        step('train', 'model = LogisticRegression().fit(X, y)')
      ])
    );
    const runs = await runCompiled(compiled, {
      python,
      root: mkdtempSync(join(tmpdir(), 'cellpipe-sample-'))
    });
    const train = runs.get('train')!;
    assert.equal(train.exit.code, 0, train.logs.join('\n'));
    const [model] = ofType(train, 'output');
    assert.deepEqual(model.sample, {
      featureNames: ['sepal_length', 'petal_width'],
      row: [5.1, 0.2],
      source: 'X'
    });
  });

  test('parameters are overridden per run', async () => {
    const compiled = await compile(ML_NOTEBOOK, { n: '80' });
    const runs = await runCompiled(compiled, {
      python,
      root: mkdtempSync(join(tmpdir(), 'cellpipe-param-'))
    });
    assert.ok(runs.get('load')!.logs.includes('rows 80'));
    assert.ok(runs.get('check')!.logs.includes('check 80 True'));
  });

  test('a generator cannot be passed on: a clear error naming the variable', async () => {
    // Made by a function, which compile cannot see (a generator expression it refuses at once).
    const compiled = await compile(
      notebook([
        step(
          'make',
          'def count():\n    yield from range(3)\nnumbers = count()'
        ),
        step('use', 'print(list(numbers))')
      ])
    );
    const runs = await runCompiled(compiled, {
      python,
      root: mkdtempSync(join(tmpdir(), 'cellpipe-gen-'))
    });
    const make = runs.get('make')!;
    assert.equal(make.exit.code, 1);
    const [err] = ofType(make, 'error');
    assert.equal(err.kind, 'output');
    assert.match(err.message, /"numbers" cannot be saved: generator/);
    assert.equal(runs.has('use'), false);
  });

  test('a failing cell: exit 1, the error names the cell, the line and its text', async () => {
    const compiled = await compile(
      notebook([
        { source: '# intro', type: 'markdown' },
        step('a', 'x = 1'),
        'y = 2\nz = x / 0\nprint(z)'
      ])
    );
    const runs = await runCompiled(compiled, {
      python,
      root: mkdtempSync(join(tmpdir(), 'cellpipe-fail-'))
    });
    const run = runs.get('a')!;
    assert.equal(run.exit.code, 1);
    const [err] = ofType(run, 'error');
    assert.equal(err.kind, 'cell');
    assert.equal(err.index, 2);
    assert.equal(err.cell_id, 'c2');
    assert.equal(err.line, 2);
    assert.equal(err.ename, 'ZeroDivisionError');
    assert.match(err.traceback ?? '', /<cell 3 \(c2\)>", line 2/);
    assert.match(err.traceback ?? '', /z = x \/ 0/);
    assert.deepEqual(
      ofType(run, 'cell').map(c => c.index),
      [1, 2]
    );
  });
});
