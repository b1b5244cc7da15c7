// What passing objects changed in place costs (issue 13):
// 1. on the fidelity corpus, the edges the change rule adds and the critical
//    path (longest chain of steps) with and without it;
// 2. the end-of-step change check for a 100 MB DataFrame a step may have
//    changed but did not (serialise + hash + link), against the same step
//    that only reads it.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { pino } from 'pino';

import { createEngine, HARNESS_SCRIPT } from '../dist/app.js';
import { PythonAnalyzer } from '../dist/pipelines/PythonAnalyzer.js';
import { CompileService } from '../dist/pipelines/CompileService.js';
import { resolvePython } from '../dist/pipelines/pythonExecutable.js';
import { corpusNotebook } from '../dist/runs/fidelity/corpusNotebook.fixture.js';

const CORPUS = new URL('../src/runs/fidelity/corpus/', import.meta.url);
const python = resolvePython();
const harness = readFileSync(HARNESS_SCRIPT, 'utf8');
const real = new PythonAnalyzer({ python });
/** The analysis as it was before the rule: no cell changes anything in place. */
const blind = {
  async analyze(cells, signal) {
    const outcome = await real.analyze(cells, signal);
    if (outcome.ok) {
      for (const cell of outcome.cells.values()) {
        cell.changes = [];
      }
    }
    return outcome;
  }
};

function criticalPath(result) {
  const depth = new Map();
  for (const name of result.order) {
    const step = result.steps.find(s => s.name === name);
    const before = step.dependsOn.map(d => depth.get(d) ?? 0);
    depth.set(name, 1 + Math.max(0, ...before));
  }
  return Math.max(0, ...depth.values());
}

async function corpusFigures() {
  const withRule = new CompileService(real, harness);
  const without = new CompileService(blind, harness);
  let edgesBefore = 0;
  let edgesAfter = 0;
  let pathBefore = 0;
  let pathAfter = 0;
  let longer = 0;
  const files = readdirSync(CORPUS).filter(f => f.endsWith('.py'));
  for (const file of files) {
    const notebook = corpusNotebook(
      readFileSync(new URL(file, CORPUS), 'utf8')
    );
    const a = (await without.compile({ notebook })).result;
    const b = (await withRule.compile({ notebook })).result;
    edgesBefore += a.edges.length;
    edgesAfter += b.edges.length;
    const [pa, pb] = [criticalPath(a), criticalPath(b)];
    pathBefore += pa;
    pathAfter += pb;
    longer += pb > pa ? 1 : 0;
  }
  console.log(`corpus: ${files.length} notebooks`);
  console.log(
    `  edges: ${edgesBefore} without the rule, ${edgesAfter} with it (+${edgesAfter - edgesBefore})`
  );
  console.log(
    `  critical path, summed: ${pathBefore} steps without, ${pathAfter} with; longer in ${longer} notebooks`
  );
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
