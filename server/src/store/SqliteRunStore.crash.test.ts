import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';

import Database from './sqliteDatabase.js';

import type { IEventEnvelope, RunEvent, StepStatus } from '../contract/wire.js';
import { SqliteRunStore } from './SqliteRunStore.js';
import { newRun, tempDir } from './runStore.fixture.js';

const WRITER = fileURLToPath(
  new URL('./crashWriter.fixture.js', import.meta.url)
);

const tmp = tempDir('crash');
after(() => tmp.remove());

interface IWriter {
  child: ChildProcess;
  /** Ids of the runs the writer reported completely written. */
  done: string[];
  /** Resolves once `count` runs are done. */
  untilDone(count: number): Promise<void>;
  exited: Promise<unknown>;
}

function startWriter(path: string, prefix: string, runs?: number): IWriter {
  const args = [WRITER, path, prefix, ...(runs ? [String(runs)] : [])];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit']
  });
  const exited = once(child, 'exit');
  const done: string[] = [];
  const waiters: Array<() => void> = [];
  createInterface({ input: child.stdout }).on('line', line => {
    done.push(line.replace(/^done /, ''));
    waiters.splice(0).forEach(wake => wake());
  });
  const untilDone = async (count: number) => {
    while (done.length < count) {
      await new Promise<void>(resolve => waiters.push(resolve));
    }
  };
  return { child, done, untilDone, exited };
}

type Of<T extends RunEvent['type']> = Extract<RunEvent, { type: T }>;
const ofType = <T extends RunEvent['type']>(
  events: IEventEnvelope[],
  type: T
) => events.map(e => e.event).filter((e): e is Of<T> => e.type === type);

/** Every row of the run agrees with the last event about it. */
function assertRunMatchesEvents(store: SqliteRunStore, id: string): void {
  const record = store.getRun(id)!;
  const events = store.eventsSince(0, { runId: id }, 100_000);
  assert.equal(events[0].event.type, 'run.created', id);
  const runEvents = events.filter(e => e.event.type.startsWith('run.'));
  const last = (runEvents.at(-1)!.event as Of<'run.updated'>).run;
  const {
    steps,
    edges,
    order,
    metrics,
    artifacts,
    seq: _seq,
    ...summary
  } = record;
  // stepCounts in run events may lag: updateStep emits no run.updated.
  assert.deepEqual({ ...summary, stepCounts: {} }, { ...last, stepCounts: {} });
  for (const step of steps) {
    const updates = ofType(events, 'step.updated');
    const lastUpdate = updates.filter(e => e.step.name === step.name).at(-1);
    if (lastUpdate) {
      assert.deepEqual(step, lastUpdate.step);
    } else {
      assert.equal(step.status, 'pending');
    }
    const logs = store.getLogs(id, step.name, 0, 100_000);
    logs.forEach((line, i) => assert.equal(line.seq, i + 1));
    const logEvents = ofType(events, 'step.log').map(e => e.log);
    assert.deepEqual(
      logEvents.filter(l => l.step === step.name),
      logs
    );
  }
  assert.equal(edges.length + 1, order.length);
  assert.deepEqual(
    metrics,
    ofType(events, 'step.metric').map(e => e.metric)
  );
  assert.deepEqual(
    artifacts,
    ofType(events, 'step.artifact').map(e => e.artifact)
  );
}

/** The file is intact and every run agrees with its events. */
function assertConsistent(store: SqliteRunStore): number {
  const raw = new Database(store.path, { readonly: true });
  try {
    assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
    assert.deepEqual(raw.pragma('foreign_key_check'), []);
    const seqs = raw
      .prepare('SELECT seq FROM events ORDER BY seq')
      .pluck()
      .all();
    seqs.forEach((seq, i) => assert.equal(seq, i + 1, 'gap in event seq'));
    assert.equal(store.headSeq(), seqs.length);
  } finally {
    raw.close();
  }
  const { runs, total } = store.listRuns({ limit: 500 });
  assert.ok(total <= 500);
  runs.forEach(run => assertRunMatchesEvents(store, run.id));
  return total;
}

describe('SqliteRunStore under crashes and concurrent access', () => {
  test('kill -9 of a writer at any point leaves a consistent file: contiguous event seqs, steps equal to their last step.updated, log seqs from 1', async () => {
    const path = tmp.file('crash.db');
    let interrupted = 0;
    for (const [round, delayMs] of [0, 3, 7, 1, 13, 5].entries()) {
      const writer = startWriter(path, `round${round}`);
      await writer.untilDone(1 + (round % 3));
      await sleep(delayMs);
      writer.child.kill('SIGKILL');
      await writer.exited;

      const store = new SqliteRunStore(path);
      try {
        assertConsistent(store);
        for (const id of writer.done) {
          assert.equal(store.getRun(id)?.status, 'succeeded', id);
        }
        const { events, pids } = store.interruptInFlight('server restarted');
        interrupted += events.length;
        pids.forEach(p => assert.equal(p.pid, writer.child.pid));
        assertConsistent(store);
        assert.equal(store.listRuns({ status: 'running' }).total, 0);
      } finally {
        store.close();
      }
    }
    assert.ok(interrupted > 0, 'no kill landed inside a run');
  });

  test('two stores on one file (WAL): each sees what the other wrote, and sequence numbers never collide', () => {
    const path = tmp.file('two.db');
    const a = new SqliteRunStore(path);
    const b = new SqliteRunStore(path);
    try {
      a.createRun(newRun('from-a'));
      assert.deepEqual(b.getRun('from-a'), a.getRun('from-a'));
      const created = b.createRun(newRun('from-b'));
      assert.equal(created.seq, 2);
      const logs = a.appendLogs('from-b', 'load', [
        { stream: 'stdout', line: 'written by a' }
      ]);
      assert.equal(logs[0].seq, 3);
      assert.deepEqual(b.eventsSince(0, { runId: 'from-b' }), [
        created,
        ...logs
      ]);
      assert.equal(b.headSeq(), a.headSeq());
      assert.equal(b.listRuns({}).total, 2);
    } finally {
      a.close();
      b.close();
    }
  });

  test('a reader in this process sees consistent snapshots while another process writes', async () => {
    const path = tmp.file('live.db');
    new SqliteRunStore(path).close(); // create the schema before racing
    const writer = startWriter(path, 'live', 15);
    const reader = new SqliteRunStore(path);
    let exited = false;
    void writer.exited.then(() => (exited = true));
    let polls = 0;
    let head = 0;
    try {
      while (!exited) {
        assert.ok(reader.headSeq() >= head);
        head = reader.headSeq();
        const [newest] = reader.listRuns({ limit: 1 }).runs;
        if (newest) {
          assertSnapshot(reader, newest.id);
          polls++;
        }
        await sleep(1);
      }
      assert.equal(writer.child.exitCode, 0);
      assert.ok(polls >= 3, `only ${polls} reads overlapped the writer`);
      assert.equal(assertConsistent(reader), 15);
    } finally {
      reader.close();
    }
  });
});

/** One read: counts agree with steps; events are a prefix of the rows. */
function assertSnapshot(store: SqliteRunStore, id: string): void {
  const events = store.eventsSince(0, { runId: id }, 100_000);
  const record = store.getRun(id)!;
  const counts: Partial<Record<StepStatus, number>> = {};
  record.steps.forEach(s => (counts[s.status] = (counts[s.status] ?? 0) + 1));
  assert.deepEqual(record.stepCounts, counts);
  for (let i = 1; i < events.length; i++) {
    assert.ok(events[i].seq > events[i - 1].seq);
  }
  for (const step of record.steps) {
    const logged = ofType(events, 'step.log')
      .map(e => e.log)
      .filter(l => l.step === step.name);
    const rows = store.getLogs(id, step.name, 0, 100_000);
    assert.deepEqual(rows.slice(0, logged.length), logged);
    rows.forEach((line, i) => assert.equal(line.seq, i + 1));
  }
}
