import assert from 'node:assert/strict';
import { after, afterEach, describe, test } from 'node:test';

import Database from './sqliteDatabase.js';

import type { IStepRecord } from '../contract/wire.js';
import type { SqliteRunStore } from './SqliteRunStore.js';
import {
  assertIncreasing,
  countRows,
  eventOf,
  newRun,
  pendingStep,
  STEPS,
  storeKit,
  storedArtifact
} from './runStore.fixture.js';

const kit = storeKit('runstore');
const openStore = () => kit.open();
afterEach(() => kit.closeAll());
after(() => kit.remove());

describe('SqliteRunStore: runs', () => {
  test('createRun then getRun round-trips: queued, one pending step per compiled step in compiled order', () => {
    const store = openStore();
    const run = newRun('r1');
    store.createRun(run);
    assert.deepEqual(store.getRun('r1'), {
      seq: 1,
      id: 'r1',
      name: 'pipeline r1',
      title: 'train r1',
      notebookPath: 'work/train.ipynb',
      status: 'queued',
      target: 'local',
      createdAt: run.createdAt,
      startedAt: null,
      finishedAt: null,
      durationMs: null,
      reason: null,
      parameters: { lr: 0.5 },
      cache: true,
      resumedFrom: null,
      stepCounts: { pending: 3 },
      steps: STEPS.map(pendingStep),
      edges: run.compiled.edges,
      order: STEPS,
      metrics: [],
      artifacts: []
    });
  });

  test('getSnapshot returns the notebook, compile result and options as submitted', () => {
    const store = openStore();
    const run = newRun('r1', { notebook: { cells: [{ source: 'x = 1' }] } });
    store.createRun(run);
    assert.deepEqual(store.getSnapshot('r1'), {
      notebook: run.notebook,
      compiled: run.compiled,
      options: run.options
    });
  });

  test('reads of an unknown run return undefined or empty lists', () => {
    const store = openStore();
    assert.equal(store.getRun('nope'), undefined);
    assert.equal(store.getSnapshot('nope'), undefined);
    assert.equal(store.getArtifact('nope', 'load', 'x'), undefined);
    assert.deepEqual(store.listArtifacts('nope'), []);
    assert.deepEqual(store.getLogs('nope', 'load'), []);
    assert.deepEqual(store.eventsSince(0, { runId: 'nope' }), []);
    assert.equal(store.headSeq(), 0);
  });

  test('createRun with an existing id throws and writes nothing', () => {
    const store = openStore();
    store.createRun(newRun('r1'));
    const head = store.headSeq();
    assert.throws(() => store.createRun(newRun('r1')), /run r1 already exists/);
    assert.equal(store.headSeq(), head);
    assert.equal(countRows(store, 'steps'), 3);
  });

  test('listRuns: newest first (then id), filtered by status and notebookPath, total counted before paging', () => {
    const store = openStore();
    const day = (d: number) => `2025-01-0${d}T00:00:00.000Z`;
    store.createRun(newRun('a', { createdAt: day(1) }));
    store.createRun(newRun('c', { createdAt: day(2) }));
    store.createRun(newRun('b', { createdAt: day(2) }));
    store.createRun(newRun('d', { createdAt: day(3), notebookPath: null }));
    store.updateRun('c', { status: 'running', startedAt: day(2) });
    const ids = (q: Parameters<SqliteRunStore['listRuns']>[0]) =>
      store.listRuns(q).runs.map(r => r.id);

    assert.deepEqual(ids({}), ['d', 'b', 'c', 'a']);
    assert.deepEqual(ids({ status: 'queued' }), ['d', 'b', 'a']);
    assert.deepEqual(ids({ notebookPath: 'work/train.ipynb' }), [
      'b',
      'c',
      'a'
    ]);
    assert.deepEqual(
      ids({ status: 'queued', notebookPath: 'work/train.ipynb' }),
      ['b', 'a']
    );
    const page = store.listRuns({ limit: 2, offset: 1 });
    assert.deepEqual(
      { ids: page.runs.map(r => r.id), total: page.total },
      { ids: ['b', 'c'], total: 4 }
    );
    assert.deepEqual(page.runs[1].stepCounts, { pending: 3 });
    assert.equal(page.runs[1].status, 'running');
  });

  test('listRuns clamps limit to 1..500 (default 50) and offset to >= 0', () => {
    const store = openStore();
    const paging = (q: { limit?: number; offset?: number }) => {
      const { limit, offset } = store.listRuns(q);
      return { limit, offset };
    };
    assert.deepEqual(paging({}), { limit: 50, offset: 0 });
    assert.deepEqual(paging({ limit: 9999 }), { limit: 500, offset: 0 });
    assert.deepEqual(paging({ limit: 0, offset: -3 }), { limit: 1, offset: 0 });
    assert.deepEqual(paging({ limit: NaN, offset: 2.7 }), {
      limit: 50,
      offset: 2
    });
  });
});

describe('SqliteRunStore: mutations and their events', () => {
  test('each mutation returns its events with strictly increasing seq, equal to what eventsSince replays', () => {
    const store = openStore();
    const events = [
      store.createRun(newRun('r1')),
      store.updateRun('r1', {
        status: 'running',
        startedAt: '2025-01-01T00:00:01.000Z'
      }),
      store.updateStep('r1', 'load', { status: 'running', attempt: 1 }),
      ...store.appendLogs('r1', 'load', [
        { stream: 'stdout', line: 'hello' },
        { stream: 'stderr', line: 'warn' }
      ]),
      store.addMetric('r1', 'load', 'loss', 0.25),
      store.addArtifact('r1', storedArtifact('load', 'df')),
      store.updateRun('r1', {
        status: 'succeeded',
        finishedAt: '2025-01-01T00:00:03.500Z'
      })
    ];
    assertIncreasing(events);
    assert.equal(events[0].seq, 1);
    assert.equal(store.headSeq(), events.at(-1)!.seq);
    assert.deepEqual(store.eventsSince(0, { runId: 'r1' }), events);
    assert.ok(events.every(e => e.runId === 'r1'));
  });

  test('run.created and run.updated carry the full summary after the change, durationMs computed', () => {
    const store = openStore();
    const created = eventOf(store.createRun(newRun('r1')), 'run.created');
    assert.equal(created.run.status, 'queued');
    assert.deepEqual(created.run.stepCounts, { pending: 3 });
    store.updateStep('r1', 'load', { status: 'succeeded' });
    const updated = eventOf(
      store.updateRun('r1', {
        status: 'failed',
        startedAt: '2025-01-01T00:00:01.000Z',
        finishedAt: '2025-01-01T00:00:03.500Z',
        reason: 'step train failed'
      }),
      'run.updated'
    );
    const {
      steps,
      edges,
      order,
      metrics,
      artifacts,
      seq: _seq,
      ...summary
    } = store.getRun('r1')!;
    assert.deepEqual(updated.run, summary);
    assert.equal(updated.run.durationMs, 2500);
    assert.deepEqual(updated.run.stepCounts, { pending: 2, succeeded: 1 });
    assert.equal(steps.length + edges.length + order.length, 8);
    assert.equal(metrics.length + artifacts.length, 0);
  });

  test('updateStep emits the full step record; it keeps omitted fields and clears fields set to null', () => {
    const store = openStore();
    store.createRun(newRun('r1'));
    store.updateStep('r1', 'train', {
      status: 'failed',
      attempt: 1,
      startedAt: '2025-01-01T00:00:00.000Z',
      finishedAt: '2025-01-01T00:00:00.750Z',
      exitCode: 1,
      reason: 'cell 2 raised',
      error: { kind: 'cell', message: 'boom', cellIndex: 2 },
      cacheKey: 'k1',
      pid: 4242
    });
    const event = eventOf(
      store.updateStep('r1', 'train', { status: 'running', error: null }),
      'step.updated'
    );
    const expected: IStepRecord = {
      ...pendingStep('train', 1),
      status: 'running',
      attempt: 1,
      cacheKey: 'k1',
      startedAt: '2025-01-01T00:00:00.000Z',
      finishedAt: '2025-01-01T00:00:00.750Z',
      durationMs: 750,
      exitCode: 1,
      reason: 'cell 2 raised'
    };
    assert.deepEqual(event.step, expected);
    assert.deepEqual(store.getRun('r1')!.steps[1], expected);
  });

  test('a status change writes a step_status_history row; a patch without one does not', () => {
    const store = openStore();
    store.createRun(newRun('r1'));
    store.updateStep('r1', 'load', { status: 'running', attempt: 1 });
    store.updateStep('r1', 'load', { cacheKey: 'k' });
    store.updateStep('r1', 'load', { status: 'running' });
    store.updateStep('r1', 'load', { status: 'failed', reason: 'exit 1' });
    const db = new Database(store.path, { readonly: true });
    const rows = db
      .prepare(
        'SELECT status, attempt, reason FROM step_status_history ' +
          "WHERE run_id = 'r1' AND step = 'load' ORDER BY id"
      )
      .all();
    db.close();
    assert.deepEqual(rows, [
      { status: 'pending', attempt: 0, reason: null },
      { status: 'running', attempt: 1, reason: null },
      { status: 'failed', attempt: 1, reason: 'exit 1' }
    ]);
  });

  test('appendLogs numbers lines per step from 1, continuing across calls; getLogs pages with after and limit', () => {
    const store = openStore();
    store.createRun(newRun('r1'));
    const first = store.appendLogs('r1', 'load', [
      { stream: 'stdout', line: 'a' },
      { stream: 'stdout', line: 'b' }
    ]);
    store.appendLogs('r1', 'train', [{ stream: 'stderr', line: 'other' }]);
    store.appendLogs('r1', 'load', [{ stream: 'system', line: 'c' }]);
    assert.deepEqual(eventOf(first[1], 'step.log').log, {
      step: 'load',
      seq: 2,
      stream: 'stdout',
      line: 'b',
      at: first[1].at
    });
    const lines = store.getLogs('r1', 'load');
    assert.deepEqual(
      lines.map(l => [l.seq, l.line]),
      [
        [1, 'a'],
        [2, 'b'],
        [3, 'c']
      ]
    );
    assert.deepEqual(
      store.getLogs('r1', 'load', 1, 1).map(l => l.line),
      ['b']
    );
    assert.deepEqual(store.getLogs('r1', 'train')[0].seq, 1);
    assert.deepEqual(store.appendLogs('r1', 'load', []), []);
  });

  test('appendLogs takes 10,000 lines in one call, one event each', () => {
    const store = openStore();
    store.createRun(newRun('r1'));
    const lines = Array.from({ length: 10_000 }, (_, i) => ({
      stream: 'stdout' as const,
      line: `line ${i}`
    }));
    const events = store.appendLogs('r1', 'load', lines);
    assert.equal(events.length, 10_000);
    assertIncreasing(events);
    assert.equal(store.getLogs('r1', 'load', 9_999)[0].line, 'line 9999');
  });

  test('addMetric records the metric in the run and refuses non-finite values', () => {
    const store = openStore();
    store.createRun(newRun('r1'));
    const event = eventOf(
      store.addMetric('r1', 'train', 'acc', 0.9),
      'step.metric'
    );
    assert.deepEqual(store.getRun('r1')!.metrics, [event.metric]);
    assert.throws(() => store.addMetric('r1', 'train', 'x', NaN), /finite/);
  });

  test('the artifact path never reaches events or IRunRecord; getArtifact/listArtifacts keep it; re-adding replaces', () => {
    const store = openStore();
    store.createRun(newRun('r1'));
    const secret = '/secret/place/model.joblib';
    const withExtra = { ...storedArtifact('train', 'model', secret), x: 1 };
    const event = store.addArtifact('r1', withExtra);
    const { path, ...visible } = storedArtifact('train', 'model', secret);
    assert.deepEqual(eventOf(event, 'step.artifact').artifact, visible);
    assert.ok(!JSON.stringify(event).includes(secret));
    assert.ok(!JSON.stringify(store.eventsSince(0, 'runs')).includes(secret));
    assert.ok(!JSON.stringify(store.getRun('r1')).includes(secret));
    assert.deepEqual(store.getArtifact('r1', 'train', 'model'), {
      ...visible,
      path
    });

    store.addArtifact('r1', { ...withExtra, size: 7, path: '/new' });
    assert.deepEqual(store.listArtifacts('r1'), [
      { ...visible, size: 7, path: '/new' }
    ]);
    assert.deepEqual(store.getRun('r1')!.artifacts, [{ ...visible, size: 7 }]);
  });

  test("a model's sample (feature names, training row) is kept and shown with it; other artifacts have none", () => {
    const store = openStore();
    store.createRun(newRun('r1'));
    const sample = {
      featureNames: ['sepal_length', 'petal_width'],
      row: [5.1, null],
      source: 'X_train'
    };
    const model = { ...storedArtifact('train', 'model'), sample };
    const event = store.addArtifact('r1', model);
    assert.deepEqual(eventOf(event, 'step.artifact').artifact.sample, sample);
    store.addArtifact('r1', storedArtifact('load', 'df'));
    assert.deepEqual(store.getArtifact('r1', 'train', 'model'), model);
    const [shownModel, shownFrame] = store.getRun('r1')!.artifacts;
    assert.deepEqual(shownModel.sample, sample);
    assert.ok(!('sample' in shownFrame), 'a DataFrame has no sample');
    assert.ok(!('sample' in store.getArtifact('r1', 'load', 'df')!));
  });

  test('mutations of an unknown run or step throw and write nothing', () => {
    const store = openStore();
    store.createRun(newRun('r1'));
    const head = store.headSeq();
    const line = [{ stream: 'stdout' as const, line: 'x' }];
    assert.throws(() => store.updateRun('zz', {}), /unknown run zz/);
    assert.throws(() => store.deleteRun('zz'), /unknown run zz/);
    assert.throws(() => store.updateStep('r1', 'zz', {}), /no step zz/);
    assert.throws(() => store.appendLogs('r1', 'zz', line), /no step zz/);
    assert.throws(() => store.addMetric('zz', 'load', 'm', 1), /no step/);
    assert.throws(
      () => store.addArtifact('r1', storedArtifact('zz', 'a')),
      /no step zz/
    );
    assert.equal(store.headSeq(), head);
  });
});
