import assert from 'node:assert/strict';
import { after, afterEach, describe, test } from 'node:test';

import type { IEventEnvelope } from '../contract/wire.js';
import {
  assertIncreasing,
  compiledChain,
  countRows,
  eventOf,
  newRun,
  storeKit,
  storedArtifact
} from './runStore.fixture.js';

const kit = storeKit('runevents');
const openStore = () => kit.open();
afterEach(() => kit.closeAll());
after(() => kit.remove());

describe('SqliteRunStore: events, deletion, recovery, cache', () => {
  test('eventsSince: runs channel has only run.created/updated/deleted; a run channel has all of that run; after and limit apply', () => {
    const store = openStore();
    store.createRun(newRun('r1'));
    store.createRun(newRun('r2'));
    store.appendLogs('r1', 'load', [{ stream: 'stdout', line: 'x' }]);
    store.updateStep('r2', 'load', { status: 'running' });
    store.updateRun('r1', { status: 'running' });
    store.deleteRun('r2');
    const types = (events: IEventEnvelope[]) =>
      events.map(e => `${e.runId}:${e.event.type}`);

    assert.deepEqual(types(store.eventsSince(0, 'runs')), [
      'r1:run.created',
      'r2:run.created',
      'r1:run.updated',
      'r2:run.deleted'
    ]);
    assert.deepEqual(types(store.eventsSince(0, { runId: 'r1' })), [
      'r1:run.created',
      'r1:step.log',
      'r1:run.updated'
    ]);
    assert.deepEqual(types(store.eventsSince(0, { runId: 'r2' })), [
      'r2:run.created',
      'r2:step.updated',
      'r2:run.deleted'
    ]);
    assert.deepEqual(types(store.eventsSince(2, 'runs', 1)), [
      'r1:run.updated'
    ]);
    assert.deepEqual(store.eventsSince(store.headSeq(), 'runs'), []);
  });

  test('deleteRun cascades to steps, logs, metrics, artifacts and history but keeps events (run.deleted included) and cache rows', () => {
    const store = openStore();
    store.createRun(newRun('r1'));
    store.createRun(newRun('keep'));
    store.updateStep('r1', 'load', { status: 'running' });
    store.appendLogs('r1', 'load', [{ stream: 'stdout', line: 'x' }]);
    store.addMetric('r1', 'load', 'm', 1);
    store.addArtifact('r1', storedArtifact('load', 'df'));
    store.putCache({
      key: 'k',
      runId: 'r1',
      step: 'load',
      artifacts: [storedArtifact('load', 'df')],
      createdAt: '2025-01-01T00:00:00.000Z'
    });
    const deleted = store.deleteRun('r1');

    assert.deepEqual(deleted.event, { type: 'run.deleted', runId: 'r1' });
    assert.equal(store.getRun('r1'), undefined);
    const counts = ['runs', 'steps', 'step_status_history', 'logs']
      .concat(['metrics', 'artifacts', 'cache'])
      .map(table => [table, countRows(store, table)]);
    assert.deepEqual(Object.fromEntries(counts), {
      runs: 1,
      steps: 3,
      step_status_history: 3,
      logs: 0,
      metrics: 0,
      artifacts: 0,
      cache: 1
    });
    const kept = store.eventsSince(0, { runId: 'r1' });
    assert.equal(kept.length, 6);
    assert.deepEqual(kept.at(-1), deleted);
    assert.ok(store.findCache('k'));
  });

  test('interruptInFlight leaves runs of re-attaching targets as they are and lists them', () => {
    const store = openStore();
    store.createRun({ ...newRun('on-cluster'), target: 'kubernetes' });
    store.createRun(newRun('here'));
    store.updateRun('on-cluster', { status: 'running' });
    store.updateStep('on-cluster', 'train', { status: 'running' });
    store.updateRun('here', { status: 'running' });

    const { kept } = store.interruptInFlight(
      'server restarted',
      new Set(['kubernetes'])
    );

    assert.deepEqual(kept, ['on-cluster']);
    assert.equal(store.getRun('on-cluster')!.status, 'running');
    assert.equal(store.getRun('on-cluster')!.steps[1].status, 'running');
    assert.equal(store.getRun('here')!.status, 'failed');
  });

  test('interruptInFlight fails queued/running runs and their running/queued steps, skips pending steps, returns the pids of running steps', () => {
    const store = openStore();
    store.createRun(newRun('running'));
    store.createRun(newRun('queued'));
    store.createRun(newRun('done'));
    store.updateRun('running', { status: 'running' });
    store.updateStep('running', 'load', { status: 'succeeded' });
    store.updateStep('running', 'train', { status: 'running', pid: 4321 });
    store.updateStep('queued', 'load', { status: 'queued' });
    store.updateRun('done', { status: 'succeeded' });
    const head = store.headSeq();

    const { events, pids } = store.interruptInFlight('server restarted');

    assert.deepEqual(pids, [{ runId: 'running', step: 'train', pid: 4321 }]);
    assertIncreasing(events);
    assert.equal(events[0].seq, head + 1);
    assert.deepEqual(store.eventsSince(head, { runId: 'running' }), [
      ...events.filter(e => e.runId === 'running')
    ]);
    const running = store.getRun('running')!;
    assert.equal(running.status, 'failed');
    assert.equal(running.reason, 'server restarted');
    assert.ok(running.finishedAt);
    assert.deepEqual(
      running.steps.map(s => [s.status, s.error?.kind ?? null]),
      [
        ['succeeded', null],
        ['failed', 'interrupted'],
        ['skipped', null]
      ]
    );
    assert.deepEqual(running.stepCounts, {
      succeeded: 1,
      failed: 1,
      skipped: 1
    });
    assert.deepEqual(
      store.getRun('queued')!.steps.map(s => s.status),
      ['failed', 'skipped', 'skipped']
    );
    assert.equal(store.getRun('done')!.status, 'succeeded');
    // runs in creation order (then id): 'queued' before 'running'
    assert.equal(eventOf(events.at(-1)!, 'run.updated').run.id, 'running');
    assert.deepEqual(store.interruptInFlight('again'), {
      events: [],
      pids: [],
      kept: []
    });
  });

  test('putCache then findCache returns the entry with paths; a second put with the same key replaces it', () => {
    const store = openStore();
    const entry = {
      key: 'sha-1',
      runId: 'r1',
      step: 'train',
      artifacts: [storedArtifact('train', 'model')],
      createdAt: '2025-01-01T00:00:00.000Z'
    };
    assert.equal(store.findCache('sha-1'), undefined);
    store.putCache(entry);
    assert.deepEqual(store.findCache('sha-1'), entry);
    const newer = { ...entry, runId: 'r2', artifacts: [] };
    store.putCache(newer);
    assert.deepEqual(store.findCache('sha-1'), newer);
    assert.equal(store.headSeq(), 0);
  });

  test('after close every method throws a clear error; closing twice is harmless', () => {
    const store = openStore();
    store.createRun(newRun('r1'));
    store.close();
    store.close();
    assert.throws(() => store.getRun('r1'), /run store .* is closed/);
    assert.throws(() => store.listRuns({}), /is closed/);
    assert.throws(() => store.createRun(newRun('r2')), /is closed/);
    assert.throws(() => store.headSeq(), /is closed/);
    assert.throws(() => store.eventsSince(0, 'runs'), /is closed/);
  });

  test('appendLogs throughput: 100,000 lines in batches of 500', t => {
    const store = openStore();
    store.createRun(newRun('bench', { compiled: compiledChain('b', ['s']) }));
    const batch = Array.from({ length: 500 }, (_, i) => ({
      stream: 'stdout' as const,
      line: `epoch ${i}: loss=0.${i} accuracy=0.9${i} some more text here`
    }));
    const start = process.hrtime.bigint();
    for (let i = 0; i < 200; i++) {
      store.appendLogs('bench', 's', batch);
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const rate = Math.round(100_000 / seconds);
    t.diagnostic(`appendLogs: ${rate} lines/s (100k lines in ${seconds}s)`);
    assert.equal(store.getLogs('bench', 's', 99_999)[0].seq, 100_000);
    assert.ok(rate > 10_000, `only ${rate} lines/s`);
  });
});
