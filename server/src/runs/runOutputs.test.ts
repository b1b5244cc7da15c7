import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import type { CellOutput, IRunOutputs } from '../contract/wire.js';
import { notebook, step } from '../testing/notebooks.js';
import { testEngine } from '../testing/testEngine.js';

type Engine = ReturnType<typeof testEngine>;

const PIPELINE = notebook([
  {
    source: 'import matplotlib.pyplot as plt\nimport pandas as pd',
    tags: ['imports']
  },
  step(
    'load',
    'df = pd.DataFrame({"x": [1, 2, 3], "y": [2, 4, 6]})\nprint("rows", len(df))\ndf'
  ),
  step('plot', 'plt.plot(df.x, df.y)\nplt.title("y by x")\nplt.show()'),
  step('report', 'print("done")\ntotal = int(df.y.sum())\ntotal')
]);

const byCell = (outputs: IRunOutputs) =>
  new Map(outputs.cells.map(c => [c.cellId, c.outputs]));
const kinds = (outputs: CellOutput[] | undefined) =>
  (outputs ?? []).map(o =>
    o.output_type === 'stream'
      ? `${o.name}:${o.text}`
      : Object.keys('data' in o ? o.data : {})
          .sort()
          .join('+') || o.output_type
  );

/** Cells run as steps show what Jupyter would show, stored with the run. */
describe('a run’s cell outputs', () => {
  let engine: Engine;
  before(() => {
    engine = testEngine();
  });
  after(async () => {
    await engine.stop();
    engine.close();
  });

  const run = async (nb: unknown, cache = false) => {
    const submitted = await engine.runs.submit(
      { notebook: nb, notebookPath: 'work/iris.ipynb', cache },
      { cwd: engine.workDir }
    );
    return engine.runs.wait(submitted.id);
  };

  test('printed lines, a DataFrame table and a matplotlib plot land on their cells', async () => {
    const done = await run(PIPELINE);
    assert.equal(done.status, 'succeeded', done.reason ?? '');
    const cells = byCell(engine.runs.outputs(done.id));
    assert.deepEqual(kinds(cells.get('c1')), [
      'stdout:rows 3\n',
      'text/html+text/plain'
    ]);
    const table = cells.get('c1')![1] as { data: Record<string, string> };
    assert.match(table.data['text/html'], /<table/);
    const plot = cells
      .get('c2')!
      .find(o => 'data' in o && 'image/png' in o.data);
    assert.ok(plot, `no plot in ${JSON.stringify(kinds(cells.get('c2')))}`);
    const png = Buffer.from(
      (plot as { data: Record<string, string> }).data['image/png'],
      'base64'
    );
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.deepEqual(kinds(cells.get('c3')), ['stdout:done\n', 'text/plain']);
  });

  test('a failing cell shows its printed lines and the error with its traceback', async () => {
    const broken = notebook([
      step('a', 'print("about to fail")\n1 / 0'),
      step('b', 'print("never")', { after: ['a'] })
    ]);
    const done = await run(broken);
    assert.equal(done.status, 'failed');
    const outputs = byCell(engine.runs.outputs(done.id)).get('c0')!;
    assert.equal(outputs[0].output_type, 'stream');
    const error = outputs[1];
    assert.equal(error.output_type, 'error');
    assert.equal(
      error.output_type === 'error' && error.ename,
      'ZeroDivisionError'
    );
    assert.ok(
      error.output_type === 'error' &&
        error.traceback.some(l => l.includes('1 / 0'))
    );
    assert.equal(byCell(engine.runs.outputs(done.id)).has('c1'), false);
  });

  test('a cached step shows the outputs of the run it reused, live as step.output events', async () => {
    const first = await run(PIPELINE, true);
    const second = await run(PIPELINE, true);
    assert.ok(second.steps.every(s => s.status === 'cached'));
    assert.deepEqual(
      engine.runs.outputs(second.id).cells,
      engine.runs.outputs(first.id).cells
    );
    const events = engine.store
      .eventsSince(0, { runId: second.id })
      .filter(e => e.event.type === 'step.output');
    assert.ok(events.length >= 4);
  });

  test('a run is titled by its notebook and the parameters that differ from the defaults', async () => {
    const nb = notebook([
      { source: 'lr = 0.1\ndepth = 3', tags: ['pipeline-parameters'] },
      step('fit', 'score = lr * depth')
    ]);
    const plain = await engine.runs.submit(
      { notebook: nb, notebookPath: 'work/iris.ipynb' },
      { cwd: engine.workDir }
    );
    const tuned = await engine.runs.submit(
      {
        notebook: nb,
        notebookPath: 'work/iris.ipynb',
        parameters: { lr: 0.2 }
      },
      { cwd: engine.workDir }
    );
    const named = await engine.runs.submit(
      { notebook: nb, notebookPath: 'work/iris.ipynb', title: 'my try' },
      { cwd: engine.workDir }
    );
    await Promise.all([plain, tuned, named].map(r => engine.runs.wait(r.id)));
    assert.equal(plain.title, 'iris');
    assert.equal(tuned.title, 'iris · lr=0.2');
    assert.equal(named.title, 'my try');
  });
});
