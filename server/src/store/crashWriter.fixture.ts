/*
 * A child process for the crash and concurrency tests: writes runs the way
 * the run service does (create, start, per step: running, logs in batches,
 * a metric, an artifact, succeeded; then the run succeeds) and prints
 * `done <id>` once a run is completely written. The crash test kills it
 * with SIGKILL at arbitrary points.
 *
 * Usage: node crashWriter.fixture.js <database> <run-id-prefix> [runs]
 * (named `*.fixture.*` so that `node --test` does not run it as a test)
 */
import type { ILogLine } from '../contract/wire.js';
import { SqliteRunStore } from './SqliteRunStore.js';
import { newRun, STEPS, storedArtifact } from './runStore.fixture.js';

const [database, prefix, runs] = process.argv.slice(2);
const store = new SqliteRunStore(database);
const now = () => new Date().toISOString();

function lines(
  step: string,
  batch: number,
  count: number
): Array<Pick<ILogLine, 'stream' | 'line'>> {
  return Array.from({ length: count }, (_, i) => ({
    stream: i % 7 === 0 ? 'stderr' : 'stdout',
    line: `${step} batch ${batch} line ${i}: ${'x'.repeat(i % 80)}`
  }));
}

function writeStep(id: string, step: string, run: number): void {
  store.updateStep(id, step, {
    status: 'running',
    attempt: 1,
    startedAt: now(),
    pid: process.pid
  });
  for (let batch = 0; batch < 3; batch++) {
    store.appendLogs(id, step, lines(step, batch, 50 + ((run * 37) % 450)));
  }
  store.addMetric(id, step, 'loss', 1 / (run + 1));
  store.addArtifact(id, storedArtifact(step, `${step}_out`, `/tmp/${id}`));
  store.updateStep(id, step, {
    status: 'succeeded',
    finishedAt: now(),
    exitCode: 0,
    pid: null
  });
}

const limit = runs === undefined ? Infinity : Number(runs);
for (let i = 0; i < limit; i++) {
  const id = `${prefix}-${i}`;
  store.createRun(newRun(id, { createdAt: now() }));
  store.updateRun(id, { status: 'running', startedAt: now() });
  STEPS.forEach(step => writeStep(id, step, i));
  store.updateRun(id, { status: 'succeeded', finishedAt: now() });
  process.stdout.write(`done ${id}\n`);
}
store.close();
