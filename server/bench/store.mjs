// The run store's benchmark: what the engine asks of SQLite in a busy day,
// through the real SqliteRunStore on a file (WAL), timed per kind of call:
//  - open + migrate a fresh database (every server start pays it once);
//  - 60 runs of 20 steps created; every step queued, running, succeeded;
//  - 100 log lines per step in batches of 10 (as the executor flushes them),
//    one metric and one artifact per step;
//  - reads: getRun, listRuns pages, a step's logs, events since 0 of a run
//    and of the run list (what a reconnecting client replays).
// Prints the median of 3 rounds per figure and which SQLite driver ran.
//   cd server && npm run bench:store
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SqliteRunStore } from '../dist/store/SqliteRunStore.js';
import { compiledChain, newRun } from '../dist/store/runStore.fixture.js';

const RUNS = 60;
const STEPS = Array.from({ length: 20 }, (_, i) => `step-${i}`);
const LOG_BATCHES = 10;
const LINES_PER_BATCH = 10;
const ROUNDS = 3;

const pkg = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8')
);
const driver = pkg.dependencies['better-sqlite3']
  ? `better-sqlite3 ${pkg.dependencies['better-sqlite3']}`
  : 'node:sqlite (built in)';

function timed(fn) {
  const started = performance.now();
  const count = fn();
  return { ms: performance.now() - started, count };
}

function writeDay(store) {
  const lines = Array.from({ length: LINES_PER_BATCH }, (_, i) => ({
    stream: 'stdout',
    line: `epoch ${i}: loss=${(1 / (i + 1)).toFixed(4)} some more text of a log`
  }));
  const create = timed(() => {
    for (let r = 0; r < RUNS; r++) {
      const id = `run-${r}`;
      store.createRun(newRun(id, { compiled: compiledChain(id, STEPS) }));
    }
    return RUNS;
  });
  const steps = timed(() => {
    let calls = 0;
    for (let r = 0; r < RUNS; r++) {
      const id = `run-${r}`;
      store.updateRun(id, { status: 'running', startedAt: 'now' });
      for (const step of STEPS) {
        store.updateStep(id, step, { status: 'queued' });
        store.updateStep(id, step, { status: 'running', startedAt: 'now' });
        for (let b = 0; b < LOG_BATCHES; b++) {
          store.appendLogs(id, step, lines);
        }
        store.addMetric(id, step, 'loss', 0.25);
        store.addArtifact(id, {
          step,
          name: `${step}_out`,
          type: 'int',
          format: 'pickle',
          size: 10,
          sha256: 'ab'.repeat(32),
          path: `/tmp/${id}/${step}`
        });
        store.updateStep(id, step, { status: 'succeeded', finishedAt: 'now' });
        calls += 5 + LOG_BATCHES;
      }
      store.updateRun(id, { status: 'succeeded', finishedAt: 'now' });
      calls += 2;
    }
    return calls;
  });
  return { create, steps };
}

function readDay(store) {
  const getRun = timed(() => {
    for (let r = 0; r < RUNS; r++) store.getRun(`run-${r}`);
    return RUNS;
  });
  const listRuns = timed(() => {
    let pages = 0;
    for (let offset = 0; offset < RUNS; offset += 50) {
      store.listRuns({ limit: 50, offset });
      store.listRuns({ limit: 50, offset, status: 'succeeded' });
      pages += 2;
    }
    return pages;
  });
  const logs = timed(() => {
    for (let r = 0; r < RUNS; r++) store.getLogs(`run-${r}`, 'step-7', 0, 1000);
    return RUNS;
  });
  const events = timed(() => {
    let n = 0;
    for (let r = 0; r < RUNS; r += 10) {
      n += store.eventsSince(0, { runId: `run-${r}` }, 100_000).length;
    }
    n += store.eventsSince(0, 'runs', 100_000).length;
    return n;
  });
  return { getRun, listRuns, logs, events };
}

function round() {
  const dir = mkdtempSync(join(tmpdir(), 'cellpipe-bench-store-'));
  try {
    const open = timed(() => {
      new SqliteRunStore(join(dir, 'cellpipe.db')).close();
      return 1;
    });
    const store = new SqliteRunStore(join(dir, 'cellpipe.db'));
    try {
      return { open, ...writeDay(store), ...readDay(store) };
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rounds = Array.from({ length: ROUNDS }, round);
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`store benchmark on Node ${process.versions.node}, ${driver}`);
const labels = {
  open: 'open + migrate a fresh file',
  create: `create ${RUNS} runs of ${STEPS.length} steps`,
  steps: 'step updates, log batches, metrics, artifacts',
  getRun: 'getRun',
  listRuns: 'listRuns page of 50',
  logs: 'getLogs of a step (100 lines)',
  events: 'eventsSince 0 (events read)'
};
let total = 0;
for (const [key, label] of Object.entries(labels)) {
  const ms = median(rounds.map(r => r[key].ms));
  const count = rounds[0][key].count;
  total += ms;
  const each = (ms * 1000) / count;
  console.log(
    `${label}: ${ms.toFixed(1)} ms (${count} calls or rows, ${each.toFixed(1)} us each)`
  );
}
console.log(`total: ${total.toFixed(0)} ms`);
