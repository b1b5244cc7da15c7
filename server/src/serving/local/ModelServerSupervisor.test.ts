import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { until } from '../../testing/testEngine.js';
import {
  type ITestModel,
  MODEL_SERVER_SCRIPT,
  prepareTestModel
} from '../../testing/testModel.js';
import { processAlive } from './ModelServerProcess.js';
import {
  ModelServerSupervisor,
  type SupervisorEvent
} from './ModelServerSupervisor.js';

describe('a supervised local model server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cellpipe-supervised-'));
  let model: ITestModel;
  const supervisors: ModelServerSupervisor[] = [];
  const supervise = (events: SupervisorEvent[], maxRestarts = 5) => {
    const s = new ModelServerSupervisor(
      {
        python: model.python,
        script: MODEL_SERVER_SCRIPT,
        modelDir: model.modelDir,
        name: 'm',
        port: 0,
        logFile: join(dir, 'server.log')
      },
      e => events.push(e),
      { checkEveryMs: 100, maxRestarts }
    );
    supervisors.push(s);
    return s;
  };
  const predict = async (url: string) =>
    (await fetch(`${url}/v1/models/m:predict`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ instances: model.rows })
    }).then(r => r.json())) as { predictions: number[] };

  before(async () => {
    model = await prepareTestModel(dir);
  });
  after(() => Promise.all(supervisors.map(s => s.stop())));

  test('a killed server is started again on the same URL and answers', async () => {
    const events: SupervisorEvent[] = [];
    const supervisor = supervise(events);
    const first = await supervisor.start();
    process.kill(first.pid, 'SIGKILL');
    await until(
      () => events.some(e => e.type === 'ready' && e.restarts === 1),
      15_000,
      'the restart'
    );
    const again = supervisor.current!;
    assert.notEqual(again.pid, first.pid);
    assert.equal(again.url, first.url);
    assert.deepEqual(
      events.map(e => e.type),
      ['ready', 'died', 'ready']
    );
    assert.deepEqual(await predict(again.url), {
      predictions: model.predictions
    });
    await supervisor.stop();
    await until(() => !processAlive(again.pid), 5_000, 'the server to stop');
  });

  test('a server that cannot come back is given up with the reason', async () => {
    const events: SupervisorEvent[] = [];
    const broken = mkdtempSync(join(tmpdir(), 'cellpipe-broken-'));
    const local = await prepareTestModel(broken);
    const supervisor = new ModelServerSupervisor(
      {
        python: local.python,
        script: MODEL_SERVER_SCRIPT,
        modelDir: local.modelDir,
        name: 'm',
        port: 0,
        logFile: join(broken, 'server.log')
      },
      e => events.push(e),
      { checkEveryMs: 100 }
    );
    supervisors.push(supervisor);
    const first = await supervisor.start();
    rmSync(local.modelDir, { recursive: true });
    process.kill(first.pid, 'SIGKILL');
    await until(
      () => events.some(e => e.type === 'failed'),
      15_000,
      'giving up'
    );
    const failed = events.find(e => e.type === 'failed')!;
    assert.match(
      failed.type === 'failed' ? failed.reason : '',
      /exited with code \d+ before it was ready/
    );
    assert.equal(supervisor.current, null);
  });
});
