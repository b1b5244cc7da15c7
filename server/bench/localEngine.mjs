// The local engine against bare `python3` running the same cells, in one run:
// per-step overhead, a 20-step linear pipeline, 4 independent 1-second steps,
// and a fully cached re-run of the 20-step pipeline.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { pino } from 'pino';

import { createEngine } from '../dist/app.js';
import { resolvePython } from '../dist/pipelines/pythonExecutable.js';

const python = await resolvePython();
const engine = createEngine({
  home: mkdtempSync(join(tmpdir(), 'cellpipe-bench-')),
  python,
  logger: pino({ level: 'silent' })
});
const work = mkdtempSync(join(tmpdir(), 'cellpipe-bench-work-'));

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = x => `${x.toFixed(0)} ms`;

function cell(id, source, meta = {}) {
  return {
    cell_type: 'code',
    id,
    metadata: meta,
    source,
    outputs: [],
    execution_count: null
  };
}
function linear(n, body) {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: Array.from({ length: n }, (_, i) =>
      cell(`c${i}`, body(i), { cellpipe: { step: `s${i}` } })
    )
  };
}
async function runPipeline(notebook, cache = false) {
  const t0 = performance.now();
  const run = await engine.runs.submit(
    { notebook, name: 'bench', cache },
    { cwd: work }
  );
  const done = await engine.runs.wait(run.id);
  if (done.status !== 'succeeded') {
    throw new Error(`bench run ${done.status}: ${done.reason}`);
  }
  return performance.now() - t0;
}
function bare(code) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    execFile(python, ['-c', code], err =>
      err ? reject(err) : resolve(performance.now() - t0)
    );
  });
}

// 1. One trivial step, end to end (submit -> finished), against bare python3.
const single = [];
const bareSingle = [];
for (let i = 0; i < 15; i++) {
  single.push(await runPipeline(linear(1, () => `x = ${i}`)));
  bareSingle.push(await bare(`x = ${i}`));
}
console.log(
  `one trivial step end to end: median ${ms(median(single))}; bare python3: ${ms(median(bareSingle))}; overhead ${ms(median(single) - median(bareSingle))} (target < 150 ms)`
);

// 2. 20-step linear pipeline: each step reads the previous step's value.
const chain = linear(20, i => (i === 0 ? 'v0 = 0' : `v${i} = v${i - 1} + 1`));
const chainTimes = [];
for (let i = 0; i < 3; i++) {
  chainTimes.push(await runPipeline(chain));
}
const bareChain = [];
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  for (let s = 0; s < 20; s++) {
    await bare(`v${s} = ${s}`);
  }
  bareChain.push(performance.now() - t0);
}
const perStep = (median(chainTimes) - median(bareChain)) / 20;
console.log(
  `20-step linear pipeline: median ${ms(median(chainTimes))}; 20 bare python3 runs: ${ms(median(bareChain))}; overhead per step ${ms(perStep)}`
);

// 3. Four independent one-second steps.
const parallel = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    cell('i', 'import time', { tags: ['imports'] }),
    ...[0, 1, 2, 3].map(i =>
      cell(`p${i}`, `time.sleep(1)\nr${i} = ${i}`, {
        cellpipe: { step: `p${i}` }
      })
    )
  ]
};
const parallelTime = await runPipeline(parallel);
const t0 = performance.now();
await Promise.all([0, 1, 2, 3].map(() => bare('import time; time.sleep(1)')));
const bareParallel = performance.now() - t0;
console.log(
  `4 independent 1-second steps on ${cpus().length} cores: ${ms(parallelTime)} (target about 2 s, not 4 s); 4 bare python3 at once: ${ms(bareParallel)}`
);

// 4. Fully cached re-run of the 20-step pipeline.
await runPipeline(chain, true);
const cached = [];
for (let i = 0; i < 7; i++) {
  cached.push(await runPipeline(chain, true));
}
console.log(
  `fully cached re-run of the 20-step pipeline: median ${ms(median(cached))} (target < 300 ms)`
);

await engine.stop();
engine.close();
