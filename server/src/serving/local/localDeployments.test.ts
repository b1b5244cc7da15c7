import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import type {
  IDeployment,
  IDeploymentList,
  IErrorBody,
  IPredictResponse,
  IRunRecord,
  ServerMessage
} from '../../contract/wire.js';
import { resolvePython } from '../../pipelines/pythonExecutable.js';
import {
  type JsonCall,
  jsonCaller,
  trainedRun
} from '../../testing/apiCalls.js';
import { openSocket } from '../../testing/sockets.js';
import { until } from '../../testing/testEngine.js';
import {
  startTestServer,
  TEST_TOKEN,
  type ITestServer
} from '../../testing/testServer.js';
import { modelAnswers, TEST_ROWS } from '../../testing/trainingNotebook.js';
import { SqliteDeploymentStore } from '../../store/SqliteDeploymentStore.js';
import { processAlive } from './ModelServerProcess.js';

/** Where `port` can be bound again (nothing listens on it). */
function portFree(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

describe('local deployments end to end (a real run, model server and proxy)', () => {
  const home = mkdtempSync(join(tmpdir(), 'cellpipe-deploy-home-'));
  let api: ITestServer;
  let run: IRunRecord;
  let expected: { predict: number[]; proba: number[][] };
  const call: JsonCall = (method, path, body) =>
    jsonCaller(api)(method, path, body);
  const handleOf = (name: string) => {
    const store = new SqliteDeploymentStore(join(home, 'cellpipe.db'));
    try {
      return store.get(name)!.state.handle as { pid: number; port: number };
    } finally {
      store.close();
    }
  };
  const tokenFile = (name: string) => join(home, 'deployments', name, 'token');
  const tokenOf = (name: string) => readFileSync(tokenFile(name), 'utf8');
  const deploy = (name: string, extra: object = {}) =>
    call<IDeployment>('POST', '/api/deployments', {
      runId: run.id,
      step: 'train',
      artifact: 'model',
      name,
      ...extra
    });

  before(async () => {
    api = await startTestServer({ home, python: resolvePython() });
    run = await trainedRun(call);
    const modelPath = join(home, 'artifacts', run.id, 'train', 'model.joblib');
    expected = await modelAnswers(await resolvePython(), modelPath, TEST_ROWS);
  });
  after(async () => {
    const list = await call<IDeploymentList>('GET', '/api/deployments');
    for (const d of list.body?.deployments ?? []) {
      await call('DELETE', `/api/deployments/${d.name}`);
    }
    await api.server.stop();
  });

  test('deploy: ready with its URL, its input shape and its lineage', async () => {
    const { status, body } = await deploy('iris-local');
    assert.equal(status, 201, JSON.stringify(body));
    assert.equal(body.status, 'ready');
    assert.equal(body.target, 'local');
    assert.equal(body.kind, 'process');
    assert.match(body.url!, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(body.inputs, [
      { name: 'input-0', datatype: 'FP64', shape: [-1, 4] }
    ]);
    assert.deepEqual(
      [body.runId, body.step, body.artifact, body.model.format],
      [run.id, 'train', 'model', 'joblib']
    );
    assert.ok(body.readyAt);
    const ofRun = await call<IDeploymentList>(
      'GET',
      `/api/deployments?runId=${run.id}`
    );
    assert.deepEqual(
      ofRun.body.deployments.map(d => d.name),
      ['iris-local']
    );
    const other = await call<IDeploymentList>(
      'GET',
      '/api/deployments?runId=nope'
    );
    assert.deepEqual(other.body.deployments, []);
  });

  /** A request straight to the model server, with `token` when given. */
  const straight = (url: string, token?: string) =>
    fetch(`${url}/v1/models/iris-local:predict`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(token ? { Authorization: `Bearer ${token}` } : {})
      },
      body: JSON.stringify({ instances: TEST_ROWS })
    });

  test('V1 and V2 predictions, through the proxy and straight, equal the model’s own', async () => {
    const { body: d } = await call<IDeployment>(
      'GET',
      '/api/deployments/iris-local'
    );
    const v1 = await call<IPredictResponse>(
      'POST',
      '/api/deployments/iris-local/predict?protocol=v1',
      { instances: TEST_ROWS }
    );
    assert.equal(v1.status, 200);
    assert.equal(v1.body.status, 200);
    assert.deepEqual(v1.body.body, { predictions: expected.predict });
    assert.ok(v1.body.latencyMs >= 0);
    const v2 = await call<IPredictResponse>(
      'POST',
      '/api/deployments/iris-local/predict?protocol=v2',
      {
        inputs: [
          {
            name: 'input-0',
            shape: [3, 4],
            datatype: 'FP64',
            data: TEST_ROWS.flat()
          }
        ],
        outputs: [{ name: 'predict_proba' }]
      }
    );
    const output = (v2.body.body as { outputs: { data: number[] }[] })
      .outputs[0];
    expected.proba
      .flat()
      .forEach((p, i) => assert.ok(Math.abs(output.data[i] - p) < 1e-12));
    const direct = await straight(d.url!, tokenOf('iris-local'));
    assert.equal(direct.status, 200);
    assert.deepEqual(await direct.json(), { predictions: expected.predict });
  });

  test('straight to the model server without the deployment’s token: 401; the token is its own', async () => {
    const { body: d } = await call<IDeployment>(
      'GET',
      '/api/deployments/iris-local'
    );
    assert.equal((await straight(d.url!)).status, 401);
    assert.equal((await straight(d.url!, TEST_TOKEN)).status, 401);
    const token = tokenOf('iris-local');
    assert.match(token, /^[\w-]{43}$/);
    assert.equal(statSync(tokenFile('iris-local')).mode & 0o777, 0o600);
    assert.ok(!JSON.stringify(d).includes(token), 'the token reached a client');
    const list = await call<IDeploymentList>('GET', '/api/deployments');
    assert.ok(!JSON.stringify(list.body).includes(token));
    // Not in the store either, which other users may be able to read.
    for (const file of ['cellpipe.db', 'cellpipe.db-wal']) {
      const path = join(home, file);
      assert.ok(
        !existsSync(path) || !readFileSync(path).includes(token),
        `the token is in ${file}`
      );
    }
  });

  test('a request the model refuses comes back as its 400 with the message', async () => {
    const bad = await call<IPredictResponse>(
      'POST',
      '/api/deployments/iris-local/predict',
      { instances: [[1, 2, 3]] }
    );
    assert.equal(bad.status, 200);
    assert.equal(bad.body.status, 400);
    assert.match(JSON.stringify(bad.body.body), /4 features/);
  });

  test('a killed model server is restarted on the same URL; the status says so live', async () => {
    const socket = await openSocket(api.eventsUrl, {
      headers: { authorization: api.authHeader }
    });
    const seen: IDeployment[] = [];
    socket.ws.on('message', data => {
      const m = JSON.parse((data as Buffer).toString()) as ServerMessage;
      if (
        m.type === 'event' &&
        m.envelope.event.type === 'deployment.updated'
      ) {
        seen.push(m.envelope.event.deployment);
      }
    });
    socket.ws.send(
      JSON.stringify({ type: 'subscribe', channel: 'deployments' })
    );
    const before = await call<IDeployment>(
      'GET',
      '/api/deployments/iris-local'
    );
    const { pid } = handleOf('iris-local');
    process.kill(pid, 'SIGKILL');
    await until(
      () => seen.some(d => d.status === 'ready' && d.restarts === 1),
      20_000,
      'the restart'
    );
    socket.ws.close();
    assert.ok(seen.some(d => d.status === 'unready' && /died/.test(d.reason!)));
    const after = await call<IDeployment>('GET', '/api/deployments/iris-local');
    assert.equal(after.body.url, before.body.url);
    assert.equal(after.body.restarts, 1);
    assert.notEqual(handleOf('iris-local').pid, pid);
    assert.equal((await straight(after.body.url!)).status, 401);
    const again = await call<IPredictResponse>(
      'POST',
      '/api/deployments/iris-local/predict',
      { instances: TEST_ROWS }
    );
    assert.deepEqual(again.body.body, { predictions: expected.predict });
  });

  test('bad requests: each a clear error, and nothing is left behind', async () => {
    const cases: [object, number, string, RegExp][] = [
      [{ artifact: 'X', step: 'data' }, 400, 'not_a_model', /numpy array/],
      [{ runId: 'nope' }, 404, 'not_found', /no run nope/],
      [{ step: 'ghost' }, 404, 'not_found', /no step "ghost"/],
      [{ artifact: 'gone' }, 404, 'not_found', /no artifact "gone"/],
      [{ name: 'Bad_Name' }, 400, 'invalid_request', /name/],
      [{ name: 'iris-local' }, 409, 'conflict', /exists already/],
      [{ minReplicas: 2 }, 400, 'invalid_request', /kubernetes target/],
      [{ target: 'mars' }, 400, 'invalid_request', /target/]
    ];
    for (const [extra, status, kind, message] of cases) {
      const res = await call<IErrorBody>('POST', '/api/deployments', {
        runId: run.id,
        step: 'train',
        artifact: 'model',
        name: 'bad-one',
        ...extra
      });
      assert.equal(res.status, status, JSON.stringify([extra, res.body]));
      assert.equal(res.body.error.kind, kind);
      assert.match(res.body.error.message, message);
    }
    const list = await call<IDeploymentList>('GET', '/api/deployments');
    assert.deepEqual(
      list.body.deployments.map(d => d.name),
      ['iris-local']
    );
    const missing = await call<IErrorBody>(
      'POST',
      '/api/deployments/ghost/predict',
      {
        instances: TEST_ROWS
      }
    );
    assert.equal(missing.status, 404);
    const notObject = await call<IErrorBody>(
      'POST',
      '/api/deployments/iris-local/predict',
      [1, 2]
    );
    assert.equal(notObject.status, 400);
    const anonymous = await fetch(`${api.baseUrl}/api/deployments`);
    assert.equal(anonymous.status, 401);
  });

  test('undeploy stops the process, frees the port and removes the record', async () => {
    await deploy('short-lived');
    const { pid, port } = handleOf('short-lived');
    const res = await call('DELETE', '/api/deployments/short-lived');
    assert.equal(res.status, 204);
    assert.equal(processAlive(pid), false);
    assert.equal(await portFree(port), true);
    const gone = await call<IErrorBody>('GET', '/api/deployments/short-lived');
    assert.equal(gone.status, 404);
    const again = await call<IErrorBody>(
      'DELETE',
      '/api/deployments/short-lived'
    );
    assert.equal(again.status, 404);
  });

  test('the served model is its own copy: deleting the run keeps the endpoint answering', async () => {
    const res = await call('DELETE', `/api/runs/${run.id}`);
    assert.equal(res.status, 204);
    const answer = await call<IPredictResponse>(
      'POST',
      '/api/deployments/iris-local/predict',
      { instances: TEST_ROWS }
    );
    assert.deepEqual(answer.body.body, { predictions: expected.predict });
    const { body } = await call<IDeployment>(
      'GET',
      '/api/deployments/iris-local'
    );
    assert.equal(body.runId, run.id);
  });

  test('a server restart adopts the running model server (same process, same URL)', async () => {
    const { pid } = handleOf('iris-local');
    await api.server.stop();
    assert.equal(processAlive(pid), true);
    api = await startTestServer({ home, python: resolvePython() });
    const { body } = await call<IDeployment>(
      'GET',
      '/api/deployments/iris-local'
    );
    assert.equal(body.status, 'ready');
    assert.equal(handleOf('iris-local').pid, pid);
    const answer = await call<IPredictResponse>(
      'POST',
      '/api/deployments/iris-local/predict',
      { instances: TEST_ROWS }
    );
    assert.deepEqual(answer.body.body, { predictions: expected.predict });
    assert.equal((await straight(body.url!)).status, 401);
  });
});
