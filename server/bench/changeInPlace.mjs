// What passing objects changed in place costs (issue 13):
// 1. on the fidelity corpus, the edges the change rule adds and the critical
//    path (longest chain of steps) with and without it; the same for carrying
//    seeded random generators from step to step;
// 2. the end-of-step change check for a 100 MB DataFrame a step may have
//    changed but did not (serialise + hash + link), against the same step
//    that only reads it.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { pino } from 'pino';

import { createEngine, readHarness } from '../dist/app.js';
import { PythonAnalyzer } from '../dist/pipelines/PythonAnalyzer.js';
import { CompileService } from '../dist/pipelines/CompileService.js';
import { resolvePython } from '../dist/pipelines/pythonExecutable.js';
import { corpusNotebook } from '../dist/runs/fidelity/corpusNotebook.fixture.js';

const CORPUS = new URL('../src/runs/fidelity/corpus/', import.meta.url);
const python = resolvePython();
const harness = readHarness();
const real = new PythonAnalyzer({ python });
/** The analysis with some of its findings left out, as before a rule. */
function without(clear) {
  return {
    async analyze(cells, signal) {
      const outcome = await real.analyze(cells, signal);
      if (outcome.ok) {
        for (const cell of outcome.cells.values()) {
          clear(cell);
        }
      }
      return outcome;
    }
  };
}
/** No cell changes anything in place, nor does a call of its functions. */
const blind = without(cell => {
  cell.changes = [];
  cell.function_changes = {};
});
/** No cell seeds the random generators. */
const unseeded = without(cell => {
  cell.seeds = false;
});

function criticalPath(result) {
  const depth = new Map();
  for (const name of result.order) {
    const step = result.steps.find(s => s.name === name);
    const before = step.dependsOn.map(d => depth.get(d) ?? 0);
    depth.set(name, 1 + Math.max(0, ...before));
  }
  return Math.max(0, ...depth.values());
}

async function compare(before, files) {
  const a0 = new CompileService(before, harness);
  const b0 = new CompileService(real, harness);
  const sum = {
    edgesBefore: 0,
    edgesAfter: 0,
    pathBefore: 0,
    pathAfter: 0,
    longer: 0
  };
  for (const file of files) {
    const notebook = corpusNotebook(
      readFileSync(new URL(file, CORPUS), 'utf8')
    );
    const a = (await a0.compile({ notebook })).result;
    const b = (await b0.compile({ notebook })).result;
    sum.edgesBefore += a.edges.length;
    sum.edgesAfter += b.edges.length;
    const [pa, pb] = [criticalPath(a), criticalPath(b)];
    sum.pathBefore += pa;
    sum.pathAfter += pb;
    sum.longer += pb > pa ? 1 : 0;
  }
  return sum;
}

function report(what, s) {
  console.log(
    `  ${what}: edges ${s.edgesBefore} without, ${s.edgesAfter} with (+${s.edgesAfter - s.edgesBefore}); critical path, summed: ${s.pathBefore} steps without, ${s.pathAfter} with; longer in ${s.longer} notebooks`
  );
}

async function corpusFigures() {
  const files = readdirSync(CORPUS).filter(f => f.endsWith('.py'));
  console.log(`corpus: ${files.length} notebooks`);
  report('objects changed in place', await compare(blind, files));
  report('seeded random generators carried', await compare(unseeded, files));
}

const cell = (source, step) => ({
  cell_type: 'code',
  id: `c${Math.abs([...source].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) | 0, 7))}`,
  metadata: step ? { cellpipe: { step } } : {},
  source,
  outputs: [],
  execution_count: null
});

function checkNotebook(look) {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      {
        ...cell('import numpy as np\nimport pandas as pd'),
        metadata: { tags: ['imports'] }
      },
      {
        ...cell('def peek(frame):\n    return float(frame.iloc[0, 0])'),
        metadata: { tags: ['functions'] }
      },
      // 1.31 M rows x 10 float64 columns = 105 MB
      cell(
        'df = pd.DataFrame(np.random.default_rng(0).random((1_310_720, 10)))',
        'make'
      ),
      cell(look, 'look'),
      cell('print(df.shape)', 'last')
    ]
  };
}

async function stepSeconds(engine, notebook) {
  const submitted = await engine.runs.submit(
    { notebook, cache: false },
    { cwd: engine.home }
  );
  const run = await engine.runs.wait(submitted.id);
  if (run.status !== 'succeeded') {
    throw new Error(`run failed: ${run.reason}`);
  }
  const look = run.steps.find(s => s.name === 'look');
  return (Date.parse(look.finishedAt) - Date.parse(look.startedAt)) / 1000;
}

async function changeCheckFigures() {
  const engine = createEngine({
    home: mkdtempSync(join(tmpdir(), 'cellpipe-bench-')),
    python,
    logger: pino({ level: 'silent' }),
    concurrency: 1
  });
  const reads = checkNotebook('first = float(df.iloc[0, 0])');
  const maybe = checkNotebook('first = peek(df)'); // passed to a function: may change it
  const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const a = [];
  const b = [];
  for (let i = 0; i < 3; i++) {
    a.push(await stepSeconds(engine, reads));
    b.push(await stepSeconds(engine, maybe));
  }
  console.log('100 MB DataFrame, step "look" (median of 3):');
  console.log(`  only reads it: ${median(a).toFixed(2)} s`);
  console.log(
    `  may change it (checked, unchanged, linked): ${median(b).toFixed(2)} s`
  );
  console.log(`  change check: +${(median(b) - median(a)).toFixed(2)} s`);
  await engine.stop();
  engine.close();
}

await corpusFigures();
await changeCheckFigures();
