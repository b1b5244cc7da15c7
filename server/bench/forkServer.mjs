// The warm interpreter (issue 17) against fresh interpreters, in one run:
// 1. 20 trivial steps in a chain;
// 2. a small ML notebook (pandas + scikit-learn imports; load, features, train,
//    evaluate on iris) against the same cells top to bottom in one `python`;
// 3. the per-step overhead above a step's own compute, imports already paid,
//    and the fork server's resident memory.
// Run: cd server && npx tsc -p tsconfig.json && node bench/forkServer.mjs
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { pino } from 'pino';

import { createEngine } from '../dist/app.js';
import { notebook, step } from '../dist/testing/notebooks.js';
import { LocalExecutor } from '../dist/executors/local/LocalExecutor.js';
import { resolvePython } from '../dist/pipelines/pythonExecutable.js';

const python = await resolvePython();
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = x => `${x.toFixed(0)} ms`;

const IMPORTS = [
  'import numpy as np',
  'import pandas as pd',
  'from sklearn.datasets import load_iris',
  'from sklearn.model_selection import train_test_split',
  'from sklearn.preprocessing import StandardScaler',
  'from sklearn.linear_model import LogisticRegression',
  'from sklearn.metrics import accuracy_score'
].join('\n');
const ML_STEPS = {
  load: 'df = load_iris(as_frame=True).frame',
  features: [
    "X = df.drop(columns=['target'])",
    "y = df['target']",
    'X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)',
    'scaler = StandardScaler().fit(X_train)',
    'X_train_s = scaler.transform(X_train)',
    'X_test_s = scaler.transform(X_test)'
  ].join('\n'),
  train: 'model = LogisticRegression(max_iter=500).fit(X_train_s, y_train)',
  evaluate:
    'accuracy = accuracy_score(y_test, model.predict(X_test_s))\nprint(accuracy)'
};

const chain = notebook(
  Array.from({ length: 20 }, (_, i) =>
    step(`s${i}`, i === 0 ? 'v0 = 0' : `v${i} = v${i - 1} + 1`)
  )
);
// Each step times its own compute: its span above that is measured under the same load.
const timed = source =>
  `import time as _clock\n_start = _clock.perf_counter()\n${source}\nprint("@compute", (_clock.perf_counter() - _start) * 1000)`;
const ml = notebook([
  { source: IMPORTS, tags: ['imports'] },
  ...Object.entries(ML_STEPS).map(([name, source]) => step(name, timed(source)))
]);
const computeOf = (engine, run, name) =>
  Number(
    engine.store
      .getLogs(run.id, name)
      .find(l => l.line.startsWith('@compute'))
      .line.split(' ')[1]
  );

function engineWith(forkServer) {
  let executor;
  const engine = createEngine({
    home: mkdtempSync(join(tmpdir(), 'cellpipe-bench-')),
    python,
    logger: pino({ level: 'silent' }),
    executors: [
      setup =>
        (executor = new LocalExecutor({ python: setup.python, forkServer }))
    ]
  });
  return {
    engine,
    executor,
    work: mkdtempSync(join(tmpdir(), 'cellpipe-bench-work-'))
  };
}

async function runPipeline({ engine, work }, notebook) {
  const t0 = performance.now();
  const run = await engine.runs.submit(
    { notebook, name: 'bench', cache: false },
    { cwd: work }
  );
  const done = await engine.runs.wait(run.id);
  if (done.status !== 'succeeded') {
    throw new Error(`bench run ${done.status}: ${done.reason}`);
  }
  return { wall: performance.now() - t0, run: done };
}

function pythonFile(code) {
  const file = join(
    mkdtempSync(join(tmpdir(), 'cellpipe-bench-py-')),
    'notebook.py'
  );
  writeFileSync(file, code);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    execFile(python, [file], (err, stdout) =>
      err ? reject(err) : resolve({ wall: performance.now() - t0, stdout })
    );
  });
}

const results = {};
for (const mode of ['fresh', 'fork']) {
  // Cold: a new engine each time, as `cellpipe run` is (its fork server pays the imports).
  const cold = [];
  for (let i = 0; i < ROUNDS; i++) {
    const fresh = engineWith(mode === 'fork');
    cold.push((await runPipeline(fresh, ml)).wall);
    await fresh.engine.stop();
    fresh.engine.close();
  }
  const setup = engineWith(mode === 'fork');
  await runPipeline(setup, ml); // warms the fork server
  const chainWalls = [];
  const mlWalls = [];
  const spans = [];
  for (let i = 0; i < ROUNDS; i++) {
    chainWalls.push((await runPipeline(setup, chain)).wall);
    const { wall, run } = await runPipeline(setup, ml);
    mlWalls.push(wall);
    const span = s => Date.parse(s.finishedAt) - Date.parse(s.startedAt);
    spans.push(
      Object.fromEntries(
        run.steps.map(s => [
          s.name,
          span(s) - computeOf(setup.engine, run, s.name)
        ])
      )
    );
  }
  results[mode] = {
    cold: median(cold),
    chain: median(chainWalls),
    ml: median(mlWalls),
    spans: Object.fromEntries(
      Object.keys(ML_STEPS).map(name => [name, median(spans.map(s => s[name]))])
    ),
    rss: setup.executor.forkServerRss()
  };
  if (mode === 'fork') {
    // Memory after a 200-step local run: the fork server's and this server's.
    const long = notebook(
      Array.from({ length: 200 }, (_, i) =>
        step(`l${i}`, i === 0 ? 'w0 = 0' : `w${i} = w${i - 1} + 1`)
      )
    );
    const { wall } = await runPipeline(setup, long);
    results.long = {
      wall,
      rss: setup.executor.forkServerRss(),
      server: process.memoryUsage().rss
    };
  }
  await setup.engine.stop();
  setup.engine.close();
}

const topToBottom = [];
for (let i = 0; i < ROUNDS; i++) {
  const code = `${IMPORTS}\n${Object.values(ML_STEPS).join('\n')}\n`;
  topToBottom.push((await pythonFile(code)).wall);
}
const single = median(topToBottom);
const ratio = x => `${ms(x)} (${(x / single).toFixed(2)}x)`;

console.log(
  `median of ${ROUNDS}, wall time of the whole run (submit -> finished, compile included)`
);
console.log(
  '| workload | fresh interpreters | fork server | top to bottom, one python |'
);
console.log('|---|---|---|---|');
console.log(
  `| 20 trivial steps in a chain | ${ms(results.fresh.chain)} | ${ms(results.fork.chain)} | - |`
);
console.log(
  `| small ML notebook, new engine (as cellpipe run) | ${ratio(results.fresh.cold)} | ${ratio(results.fork.cold)} | ${ms(single)} |`
);
console.log(
  `| small ML notebook, warm engine | ${ratio(results.fresh.ml)} | ${ratio(results.fork.ml)} | ${ms(single)} |`
);
console.log(
  `per step of the chain: fresh ${ms(results.fresh.chain / 20)}, fork ${ms(results.fork.chain / 20)}`
);
for (const mode of ['fresh', 'fork']) {
  const over = Object.entries(results[mode].spans).map(
    ([n, t]) => `${n} ${ms(t)}`
  );
  console.log(
    `ML step span (started -> finished) above the compute it timed itself, warm engine, ${mode}: ${over.join(', ')}`
  );
}
const mibs = bytes => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
console.log(
  `200-step chain, fork server: ${ms(results.long.wall)}; then the fork server holds ${results.long.rss.map(mibs).join(', ')} resident, this server (the bench's Node process) ${mibs(results.long.server)}`
);
console.log(
  `fork server resident memory after the runs: ${results.fork.rss.map(b => `${(b / 1024 ** 2).toFixed(0)} MiB`).join(', ')}`
);
