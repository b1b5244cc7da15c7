import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { processAlive } from '../serving/local/ModelServerProcess.js';
import { SqliteDeploymentStore } from '../store/SqliteDeploymentStore.js';
import type {
  IDeployment,
  IPredictResponse,
  IRunRecord
} from '../contract/wire.js';
import { jsonCaller } from '../testing/apiCalls.js';
import { startTestServer } from '../testing/testServer.js';
import { resolvePython } from '../pipelines/pythonExecutable.js';
import { runCli } from '../testing/cliProcess.js';
import {
  modelAnswers,
  TEST_ROWS,
  trainingNotebook
} from '../testing/trainingNotebook.js';

const home = mkdtempSync(join(tmpdir(), 'cellpipe-deploy-cli-home-'));
const dir = mkdtempSync(join(tmpdir(), 'cellpipe-deploy-cli-'));

const cli = (args: string[]) => runCli(args, home);

function pidOf(name: string): number | undefined {
  const store = new SqliteDeploymentStore(join(home, 'cellpipe.db'));
  try {
    return (store.get(name)?.state.handle as { pid: number } | undefined)?.pid;
  } finally {
    store.close();
  }
}

describe('cellpipe deploy / predict / undeploy without a server', () => {
  let run: IRunRecord;
  const deploy = (
    step: string,
    artifact: string,
    name: string,
    ...more: string[]
  ) =>
    cli([
      'deploy',
      '--run',
      run.id,
      '--step',
      step,
      '--artifact',
      artifact,
      '--name',
      name,
      ...more
    ]);
  let expected: { predict: number[]; proba: number[][] };

  before(async () => {
    const path = join(dir, 'train.ipynb');
    writeFileSync(path, JSON.stringify(trainingNotebook()));
    const result = await cli(['run', path, '--json']);
    assert.equal(result.code, 0, result.stderr);
    run = JSON.parse(result.stdout) as IRunRecord;
    expected = await modelAnswers(
      await resolvePython(),
      join(home, 'artifacts', run.id, 'train', 'model.joblib'),
      TEST_ROWS
    );
  });
  after(async () => {
    const pid = pidOf('cli-model');
    if (pid && processAlive(pid)) {
      await cli(['undeploy', 'cli-model']);
    }
  });

  test('deploy prints a ready endpoint that outlives the command; direct calls need deployment-token', async () => {
    const { code, stdout, stderr } = await deploy(
      'train',
      'model',
      'cli-model',
      '--json'
    );
    assert.equal(code, 0, stderr);
    const deployment = JSON.parse(stdout) as IDeployment;
    assert.equal(deployment.status, 'ready');
    assert.ok(processAlive(pidOf('cli-model')!));
    const token = await cli(['deployment-token', 'cli-model']);
    assert.equal(token.code, 0, token.stderr);
    const direct = (authorization?: string) =>
      fetch(`${deployment.url}/v1/models/cli-model:predict`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(authorization ? { Authorization: authorization } : {})
        },
        body: JSON.stringify({ instances: TEST_ROWS })
      });
    assert.equal((await direct()).status, 401);
    const answer = await direct(`Bearer ${token.stdout.trim()}`);
    assert.equal(answer.status, 200);
    assert.deepEqual(await answer.json(), { predictions: expected.predict });
    const none = await cli(['deployment-token', 'no-such-model']);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no deployment named "no-such-model"/);
  });

  test('predict answers V1 and V2 like the model; a refused request exits 1 with the reason', async () => {
    const v1 = await cli([
      'predict',
      'cli-model',
      '--json',
      JSON.stringify({ instances: TEST_ROWS })
    ]);
    assert.equal(v1.code, 0, v1.stderr);
    assert.deepEqual(JSON.parse(v1.stdout), { predictions: expected.predict });
    const v2 = await cli([
      'predict',
      'cli-model',
      '--protocol',
      'v2',
      '--json',
      JSON.stringify({
        inputs: [
          { name: 'input-0', shape: [3, 4], datatype: 'FP64', data: TEST_ROWS }
        ]
      })
    ]);
    assert.equal(v2.code, 0, v2.stderr);
    const outputs = (JSON.parse(v2.stdout) as { outputs: { data: number[] }[] })
      .outputs;
    assert.deepEqual(outputs[0].data, expected.predict);
    const bad = await cli([
      'predict',
      'cli-model',
      '--json',
      '{"instances": [[1]]}'
    ]);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /4 features/);
    assert.match(bad.stderr, /answered 400/);
    const notJson = await cli(['predict', 'cli-model', '--json', '{oops']);
    assert.equal(notJson.code, 2);
    assert.match(notJson.stderr, /not JSON/);
  });

  test('deployments lists it with its lineage; a second deploy of the name is refused', async () => {
    const list = await cli(['deployments']);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /cli-model {2}ready/);
    assert.match(list.stdout, new RegExp(`from run ${run.id}, step train`));
    const again = await deploy('train', 'model', 'cli-model');
    assert.equal(again.code, 1);
    assert.match(again.stderr, /exists already/);
    const data = await deploy('data', 'X', 'data-one');
    assert.equal(data.code, 1);
    assert.match(data.stderr, /numpy array/);
  });

  test('undeploy stops the model server; predicting afterwards says there is no such deployment', async () => {
    const pid = pidOf('cli-model')!;
    const { code, stdout } = await cli(['undeploy', 'cli-model']);
    assert.equal(code, 0);
    assert.match(stdout, /Undeployed cli-model/);
    assert.equal(processAlive(pid), false);
    const after = await cli([
      'predict',
      'cli-model',
      '--json',
      '{"instances": []}'
    ]);
    assert.equal(after.code, 1);
    assert.match(after.stderr, /no deployment named "cli-model"/);
  });

  test('a running server adopts what the CLI deploys, stands down when the CLI undeploys, and adopts the name made again', async () => {
    const api = await startTestServer({ home, python: resolvePython() });
    const call = jsonCaller(api);
    const seen = (name: string) =>
      call<IDeployment>('GET', `/api/deployments/${name}`);
    try {
      assert.equal((await deploy('train', 'model', 'shared')).code, 0);
      const first = pidOf('shared')!;
      assert.equal((await seen('shared')).body.status, 'ready');
      assert.equal((await cli(['undeploy', 'shared'])).code, 0);
      // The server's supervisor sees the process gone and must not revive it.
      await new Promise(r => setTimeout(r, 2500));
      assert.equal((await seen('shared')).status, 404);
      assert.equal(processAlive(first), false);

      assert.equal((await deploy('train', 'model', 'shared')).code, 0);
      const second = pidOf('shared')!;
      assert.equal((await seen('shared')).body.status, 'ready');
      process.kill(second, 'SIGKILL');
      const deadline = Date.now() + 20_000;
      let now = (await seen('shared')).body;
      while (now.restarts < 1 && Date.now() < deadline) {
        await new Promise(r => setTimeout(r, 200));
        now = (await seen('shared')).body;
      }
      assert.equal(now.restarts, 1, JSON.stringify(now));
      assert.notEqual(pidOf('shared'), second);
      const answer = await call<IPredictResponse>(
        'POST',
        '/api/deployments/shared/predict',
        { instances: TEST_ROWS }
      );
      assert.deepEqual(answer.body.body, { predictions: expected.predict });
    } finally {
      await call('DELETE', '/api/deployments/shared');
      await api.server.stop();
    }
  });
});
