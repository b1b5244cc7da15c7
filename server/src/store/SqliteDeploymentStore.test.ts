import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import Database from './sqliteDatabase.js';

import { ConflictError } from '../errors.js';
import { newRun, tempDir } from './runStore.fixture.js';
import { SqliteRunStore } from './SqliteRunStore.js';
import { MIGRATIONS, migrate } from './sqliteSchema.js';
import type { INewDeployment } from './DeploymentStore.js';
import { SqliteDeploymentStore } from './SqliteDeploymentStore.js';

const tmp = tempDir('deployment-store');
after(() => tmp.remove());

function newDeployment(name: string, runId = 'r1'): INewDeployment {
  return {
    name,
    target: 'local',
    source: {
      runId,
      step: 'train',
      artifact: {
        step: 'train',
        name: 'model',
        type: 'sklearn.linear_model._logistic.LogisticRegression',
        format: 'joblib',
        size: 10,
        sha256: 'ab',
        path: '/secret/path/model.joblib'
      },
      stepArtifacts: [],
      stepImage: null
    },
    options: {},
    state: { kind: 'process', status: 'deploying', reason: null, url: null }
  };
}

describe('deployments in the run database', () => {
  test('changes are numbered in the same sequence as run events, and only deployment events replay on the deployments channel', () => {
    const path = tmp.file('shared.db');
    const runs = new SqliteRunStore(path);
    const deployments = new SqliteDeploymentStore(path);
    try {
      const created = runs.createRun(newRun('r1'));
      const d1 = deployments.create(newDeployment('one'));
      const updated = deployments.update('one', {
        status: 'ready',
        url: 'http://127.0.0.1:1234',
        handle: { pid: 1, port: 1234 }
      })!;
      const d2 = deployments.delete('one')!;
      assert.deepEqual(
        [created.seq, d1.seq, updated.seq, d2.seq],
        [1, 2, 3, 4]
      );
      assert.equal(d1.runId, null);
      assert.deepEqual(
        runs.eventsSince(0, 'deployments').map(e => e.event.type),
        ['deployment.created', 'deployment.updated', 'deployment.deleted']
      );
      assert.deepEqual(
        runs.eventsSince(2, 'deployments').map(e => e.seq),
        [3, 4]
      );
      assert.deepEqual(
        runs.eventsSince(0, 'runs').map(e => e.event.type),
        ['run.created']
      );
      assert.equal(runs.headSeq(), 4);
    } finally {
      deployments.close();
      runs.close();
    }
  });

  test('the public record hides the artifact path and the target handle; readyAt is set when it first becomes ready', () => {
    const store = new SqliteDeploymentStore(tmp.file('record.db'));
    try {
      store.create(newDeployment('m'));
      assert.equal(store.get('m')!.deployment.readyAt, null);
      store.update('m', { status: 'ready', handle: { pid: 9, port: 80 } });
      const { deployment, state, source } = store.get('m')!;
      assert.ok(deployment.readyAt);
      assert.equal(JSON.stringify(deployment).includes('/secret/path'), false);
      assert.equal(JSON.stringify(deployment).includes('"pid"'), false);
      assert.deepEqual(state.handle, { pid: 9, port: 80 });
      assert.equal(source.artifact.path, '/secret/path/model.joblib');
      const first = deployment.readyAt;
      store.update('m', { status: 'unready', reason: 'died' });
      store.update('m', { status: 'ready', reason: null });
      assert.equal(store.get('m')!.deployment.readyAt, first);
    } finally {
      store.close();
    }
  });

  test('a taken name is a conflict; changes to a deployment that is gone change nothing', () => {
    const store = new SqliteDeploymentStore(tmp.file('conflict.db'));
    try {
      store.create(newDeployment('m'));
      assert.throws(() => store.create(newDeployment('m')), ConflictError);
      assert.equal(store.update('ghost', { status: 'ready' }), undefined);
      assert.equal(store.delete('ghost'), undefined);
      store.create(newDeployment('n', 'r2'));
      assert.deepEqual(
        store.list('r2').entries.map(e => e.deployment.name),
        ['n']
      );
      assert.equal(store.list().entries.length, 2);
    } finally {
      store.close();
    }
  });

  test('a database of the first schema gains the deployments table and keeps its runs and events', () => {
    const path = tmp.file('v1.db');
    const db = new Database(path);
    migrate(db, MIGRATIONS.slice(0, 1));
    db.close();
    const old = new SqliteRunStore(path);
    old.createRun(newRun('kept'));
    old.close();
    const store = new SqliteDeploymentStore(path);
    const runs = new SqliteRunStore(path);
    try {
      assert.equal(runs.getRun('kept')?.id, 'kept');
      assert.equal(store.create(newDeployment('m', 'kept')).seq, 2);
      assert.deepEqual(
        runs.eventsSince(0, 'runs').map(e => e.event.type),
        ['run.created']
      );
    } finally {
      store.close();
      runs.close();
    }
  });
});
