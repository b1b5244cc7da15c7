import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  writeFileSync
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, describe, test } from 'node:test';

import { resolvePython } from '../pipelines/pythonExecutable.js';
import { testEngine } from '../testing/testEngine.js';
import {
  checkFunctionCell,
  corpusNotebook
} from './fidelity/corpusNotebook.fixture.js';

const run = promisify(execFile);
const FIDELITY = new URL('../../src/runs/fidelity/', import.meta.url);
const CORPUS = new URL('corpus/', FIDELITY);
const REFERENCE = fileURLToPath(new URL('reference.py', FIDELITY));
const MARK = '@@fidelity ';
const KALE = new URL('../../test/kale-notebooks/', import.meta.url);

/**
 * Kale's own notebooks whose libraries this machine has, with what the check
 * compares. Their random draws get a seed in the imports cell: unseeded, a
 * notebook differs from itself run twice.
 */
const KALE_NOTEBOOKS: Array<[string, string[], string?]> = [
  // Three kids draw from one seeded generator, each in its own step.
  [
    'examples/base/candies_sharing.ipynb',
    ['kid1', 'kid2', 'kid3'],
    'random.seed(0)'
  ],
  ['examples/base_example_numpy.ipynb', ['a', 'b', 'c']],
  ['examples/base_example_numpy_hp.ipynb', ['a', 'b', 'c', 'w', 'h']],
  [
    'kale/tests/assets/notebooks/pipeline_parameters_and_metrics.ipynb',
    ['rnd_matrix', 'sum_result', 'd1', 'd2']
  ],
  [
    'backend/kale/tests/assets/notebooks/pipeline_parameters_and_metrics.ipynb',
    ['rnd_matrix', 'sum_result', 'd1', 'd2']
  ],
  [
    'examples/serving/sklearn/iris.ipynb',
    ['x_tst', 'y_tst', 'preds', 'precision', 'recall', 'f1', 'accuracy']
  ],
  [
    // Reads data/train.csv and data/test.csv beside it (copied from Kale's repository).
    'examples/titanic-ml-dataset/titanic_dataset_ml.ipynb',
    [
      'train_df',
      'test_df',
      'train_labels',
      'acc_random_forest',
      'acc_log',
      'acc_gaussian',
      'acc_linear_svc',
      'acc_decision_tree',
      'result_df'
    ]
  ]
];

/** A notebook's `data/` folder, when it has one, beside its copy (steps and kernel run there). */
function copyData(file: string, dir: string): void {
  const data = new URL(`${dirname(file)}/data/`, KALE);
  if (existsSync(data)) {
    cpSync(data, join(dir, 'data'), { recursive: true });
  }
}

type Cell = { source: string | string[]; metadata: { tags?: string[] } };

/** A Kale notebook as written, its imports seeded, the check function and cell added. */
function checkedKaleNotebook(
  file: string,
  names: string[],
  seed = 'np.random.seed(0)'
): unknown {
  const nb = JSON.parse(readFileSync(new URL(file, KALE), 'utf8')) as {
    cells: Cell[];
  };
  const text = (c: Cell) =>
    Array.isArray(c.source) ? c.source.join('') : c.source;
  const imports = nb.cells.find(c => c.metadata.tags?.includes('imports'))!;
  imports.source = `${text(imports)}\n${seed}`;
  const check = checkFunctionCell();
  const metrics = nb.cells.findIndex(c =>
    c.metadata.tags?.includes('pipeline-metrics')
  );
  const last = {
    cell_type: 'code',
    metadata: {},
    outputs: [],
    execution_count: null,
    source: `_fidelity(${names.map(n => `${n}=${n}`).join(', ')})`
  };
  const functions = {
    ...last,
    metadata: { tags: check.tags },
    source: check.source
  };
  const cells = [functions, ...nb.cells];
  // The check belongs to the last step: before the metrics cell, which is read, not run.
  cells.splice(metrics < 0 ? cells.length : metrics + 1, 0, last);
  return { ...nb, cells };
}

type Digest = Record<string, unknown>;

const lastDigest = (lines: string[]): string | undefined =>
  [...lines].reverse().find(l => l.startsWith(MARK));

/** The check cell's digest from a top-to-bottom run in one real kernel. */
async function kernelDigest(path: string): Promise<Digest> {
  const { stdout } = await run(await resolvePython(), [REFERENCE, path], {
    timeout: 180_000
  });
  const line = lastDigest(stdout.split('\n'));
  assert.ok(line, `the kernel run printed no digest:\n${stdout}`);
  return JSON.parse(line.slice(MARK.length)) as Digest;
}

describe('a pipeline computes exactly what the notebook computes (differential, real kernel)', () => {
  const engine = testEngine({ concurrency: 2 });
  after(async () => {
    await engine.stop();
    engine.close();
  });

  /** The same digest, printed by the last step of a Cellpipe run. */
  async function pipelineDigest(
    nb: unknown,
    notebookPath?: string
  ): Promise<Digest> {
    const submitted = await engine.runs.submit(
      { notebook: nb, name: 'fidelity', cache: false, notebookPath },
      { cwd: engine.workDir }
    );
    const done = await engine.runs.wait(submitted.id);
    const logs = done.steps.flatMap(s =>
      engine.store.getLogs(done.id, s.name, 0, 100_000)
    );
    const text = logs.map(l => l.line).join('\n');
    assert.equal(done.status, 'succeeded', `${done.reason ?? ''}\n${text}`);
    const line = lastDigest(logs.map(l => l.line));
    assert.ok(line, `the pipeline printed no digest:\n${text}`);
    return JSON.parse(line.slice(MARK.length)) as Digest;
  }

  const files = readdirSync(CORPUS)
    .filter(f => f.endsWith('.py'))
    .sort();
  for (const file of files) {
    test(file.replace(/\.py$/, ''), async () => {
      const nb = corpusNotebook(readFileSync(new URL(file, CORPUS), 'utf8'));
      const path = join(engine.workDir, file.replace(/\.py$/, '.ipynb'));
      writeFileSync(path, JSON.stringify(nb));
      const [reference, pipeline] = await Promise.all([
        kernelDigest(path),
        pipelineDigest(nb)
      ]);
      assert.deepEqual(pipeline, reference);
    });
  }

  for (const [file, names, seed] of KALE_NOTEBOOKS) {
    test(`Kale's ${file}`, async () => {
      const nb = checkedKaleNotebook(file, names, seed);
      const path = join(engine.workDir, file.replace(/\//g, '-'));
      writeFileSync(path, JSON.stringify(nb));
      copyData(file, engine.workDir);
      const [reference, pipeline] = await Promise.all([
        kernelDigest(path),
        pipelineDigest(nb)
      ]);
      assert.deepEqual(pipeline, reference);
    });
  }

  test("Kale's composition (main_mixed: three notebooks and a step of its own)", async () => {
    const { composing, flat } = composedKaleNotebooks(engine.workDir);
    const path = join(engine.workDir, 'reference-flat.ipynb');
    writeFileSync(path, JSON.stringify(flat));
    const [reference, pipeline] = await Promise.all([
      kernelDigest(path),
      pipelineDigest(composing, 'main_mixed.ipynb')
    ]);
    assert.deepEqual(pipeline, reference);
  });
});

const COMPOSITION = 'examples/composition/';
const COMPOSED_NAMES = [
  'names',
  'raw_points',
  'dataset',
  'weights',
  'xs',
  'ys',
  'slope',
  'intercept',
  'model',
  'weight_total',
  'prediction',
  'adjusted_prediction',
  'predicted_label',
  'sentence'
];

/**
 * Kale's main_mixed.ipynb as written, with the three notebooks it names
 * beside it in `dir`, the check function and cell added to its own last
 * step; and, for the kernel, what one kernel runs: the three notebooks'
 * cells then main_mixed's, top to bottom.
 */
function composedKaleNotebooks(dir: string): {
  composing: unknown;
  flat: unknown;
} {
  const read = (name: string) =>
    JSON.parse(
      readFileSync(new URL(`${COMPOSITION}${name}`, KALE), 'utf8')
    ) as { cells: unknown[] };
  for (const name of ['notebook_a', 'notebook_b', 'notebook_c']) {
    writeFileSync(
      join(dir, `${name}.ipynb`),
      JSON.stringify(read(`${name}.ipynb`))
    );
  }
  const main = read('main_mixed.ipynb');
  const check = checkFunctionCell();
  const code = (source: string, tags?: string[]) => ({
    cell_type: 'code',
    metadata: tags ? { tags } : {},
    outputs: [],
    execution_count: null,
    source
  });
  const functions = code(check.source, check.tags);
  const last = code(
    `_fidelity(${COMPOSED_NAMES.map(n => `${n}=${n}`).join(', ')})`
  );
  const composing = { ...main, cells: [functions, ...main.cells, last] };
  const referenced = ['notebook_a', 'notebook_b', 'notebook_c'].flatMap(
    n => read(`${n}.ipynb`).cells
  );
  const own = main.cells.filter(c => !JSON.stringify(c).includes('notebook:'));
  return {
    composing,
    flat: { ...main, cells: [functions, ...referenced, ...own, last] }
  };
}
