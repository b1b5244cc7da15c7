import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { until } from '../../testing/testEngine.js';
import {
  type ITestModel,
  MODEL_SERVER_SCRIPT,
  prepareTestModel
} from '../../testing/testModel.js';
import {
  type IModelServerHandle,
  processAlive,
  startModelServer,
  stopModelServer
} from './ModelServerProcess.js';

describe('a local model server process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cellpipe-model-'));
  let model: ITestModel;
  const started: IModelServerHandle[] = [];
  const launch = (port = 0) =>
    startModelServer({
      python: model.python,
      script: MODEL_SERVER_SCRIPT,
      modelDir: model.modelDir,
      name: 'iris',
      port,
      logFile: join(dir, 'server.log')
    }).then(h => (started.push(h), h));

  before(async () => {
    model = await prepareTestModel(dir);
  });
  after(async () => {
    await Promise.all(started.map(h => stopModelServer(h.pid)));
  });

  test('starts on a free loopback port and predicts what the model predicts', async () => {
    const server = await launch();
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${server.url}/v1/models/iris:predict`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ instances: model.rows })
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { predictions: model.predictions });
  });

  test('with a token: refused without it, answered with it; the token is in no file, argv or environ', async () => {
    const token = 'model-token-0123456789abcdef';
    const tokenDir = mkdtempSync(join(tmpdir(), 'cellpipe-model-token-'));
    const server = await startModelServer({
      python: model.python,
      script: MODEL_SERVER_SCRIPT,
      modelDir: model.modelDir,
      name: 'iris',
      port: 0,
      logFile: join(tokenDir, 'server.log'),
      token
    });
    started.push(server);
    const predict = (headers: Record<string, string>) =>
      fetch(`${server.url}/v1/models/iris:predict`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ instances: model.rows })
      });
    assert.equal((await predict({})).status, 401);
    assert.equal(
      (await predict({ Authorization: 'Bearer not-it' })).status,
      401
    );
    const res = await predict({ Authorization: `Bearer ${token}` });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { predictions: model.predictions });
    assert.deepEqual(readdirSync(tokenDir), ['server.log']);
    for (const what of ['cmdline', 'environ']) {
      const bytes = readFileSync(`/proc/${server.pid}/${what}`, 'utf8');
      assert.ok(!bytes.includes(token), `the token is in ${what}`);
    }
  });

  test('a missing model makes start fail with the reason and the log', async () => {
    await assert.rejects(
      startModelServer({
        python: model.python,
        script: MODEL_SERVER_SCRIPT,
        modelDir: join(dir, 'nothing-here'),
        name: 'none',
        port: 0,
        logFile: join(dir, 'bad.log')
      }),
      /exited with code \d+ before it was ready \(log: .*bad\.log\)/
    );
  });

  test('stopping it frees the port; it can come back on the same port', async () => {
    const first = await launch();
    await stopModelServer(first.pid);
    await until(() => !processAlive(first.pid), 5_000, 'the process to end');
    await assert.rejects(fetch(`${first.url}/v2/health/ready`));
    const again = await launch(first.port);
    assert.equal(again.url, first.url);
    assert.equal((await fetch(`${again.url}/v2/health/ready`)).status, 200);
  });
});
