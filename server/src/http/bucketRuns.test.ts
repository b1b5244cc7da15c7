import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import type {
  IDeployment,
  IErrorBody,
  IPredictResponse,
  IRunList,
  IRunRecord
} from '../contract/wire.js';
import { jsonCaller, trainedRun } from '../testing/apiCalls.js';
import { TEST_ROWS } from '../testing/trainingNotebook.js';
import type { IExecutor, IStepJob } from '../executors/Executor.js';
import { until } from '../testing/testEngine.js';
import { objectStorageConfig } from '../store/objectStorageConfig.js';
import { S3Bucket } from '../store/S3Bucket.js';
import { bucketSkip, testBucket } from '../testing/testBucket.js';
import { notebook, step } from '../testing/notebooks.js';
import {
  jsonBody,
  startTestServer,
  type ITestServer
} from '../testing/testServer.js';

const skip = bucketSkip();

const PIPELINE = notebook([
  step('make', 'import numpy as np\narr = np.arange(5)'),
  step('use', 'total = int(arr.sum())\nprint("total", total)')
]);

function caller(t: ITestServer) {
  return (method: string, path: string, body?: unknown) =>
    fetch(`${t.baseUrl}/api${path}`, {
      method,
      headers: {
        Authorization: t.authHeader,
        'Content-Type': 'application/json'
      },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
}

describe('runs with artifacts in a real S3-compatible bucket', { skip }, () => {
  const options = skip ? undefined : testBucket();
  const config = options && objectStorageConfig(options);
  const bucket = config && new S3Bucket(config);
  let t: ITestServer;
  let call: ReturnType<typeof caller>;
  let home: string;
  before(async () => {
    t = await startTestServer({ artifacts: options, concurrency: 2 });
    call = caller(t);
    home = (t.server as unknown as { parts: { engine: { home: string } } })
      .parts.engine.home;
  });
  after(async () => {
    await t.server.stop();
    await bucket?.close();
  });

  const finished = async (id: string): Promise<IRunRecord> => {
    for (;;) {
      const res = await call('GET', `/runs/${id}`);
      const run = (await jsonBody(res)) as IRunRecord;
      if (['succeeded', 'failed', 'cancelled'].includes(run.status)) {
        return run;
      }
      await new Promise(r => setTimeout(r, 50));
    }
  };
  const submit = async () => {
    const res = await call('POST', '/runs', { notebook: PIPELINE });
    assert.equal(res.status, 201);
    return finished(((await jsonBody(res)) as IRunRecord).id);
  };
  const download = async (runId: string) => {
    const res = await call('GET', `/runs/${runId}/artifacts/make/arr`);
    assert.equal(res.status, 200);
    return Buffer.from(await res.arrayBuffer());
  };
  const objects = (runId: string, stepName: string) =>
    bucket!.list(`${config!.prefix}/${runId}/${stepName}/`);

  test('artifacts go to the bucket; the cached re-run, downloads and deletes use it', async () => {
    const first = await submit();
    assert.equal(first.status, 'succeeded', JSON.stringify(first.steps));
    assert.deepEqual((await objects(first.id, 'make')).sort(), [
      `${config!.prefix}/${first.id}/make/arr.json`,
      `${config!.prefix}/${first.id}/make/arr.npy`
    ]);
    // Only what shows what ran stays on this machine.
    const local = join(home, 'artifacts', first.id, 'make');
    assert.deepEqual(readdirSync(local).sort(), [
      '_context.json',
      '_program.py'
    ]);
    const bytes = await download(first.id);
    assert.equal(bytes.subarray(1, 6).toString(), 'NUMPY');

    const second = await submit();
    assert.deepEqual(
      second.steps.map(s => [s.name, s.status]),
      [
        ['make', 'cached'],
        ['use', 'cached']
      ]
    );
    assert.equal(
      (await objects(second.id, 'make')).length,
      2,
      'the cached step got its own copies'
    );

    assert.equal((await call('DELETE', `/runs/${first.id}`)).status, 204);
    assert.deepEqual(await objects(first.id, 'make'), []);
    assert.deepEqual(await download(second.id), bytes);
  });

  test('a cached result whose objects vanished is made again; other runs keep theirs', async () => {
    const run = await submit();
    const cached = await submit();
    assert.equal(cached.steps[0].status, 'cached');
    await bucket!.deleteAll(await objects(cached.id, 'make'));
    // The cache entry's objects are gone: make runs again and writes them anew.
    const rerun = await submit();
    assert.deepEqual(
      rerun.steps.map(s => s.status),
      ['succeeded', 'cached']
    );
    assert.equal((await download(run.id)).subarray(1, 6).toString(), 'NUMPY');
  });
});

describe(
  'a bucket that cannot be used refuses the run at once',
  { skip },
  () => {
    const good = skip ? undefined : testBucket();
    for (const [what, override, message] of [
      [
        'bad credentials',
        { credentials: { accessKeyId: 'nobody', secretAccessKey: 'wrong' } },
        /refused the credentials.*check AWS_ACCESS_KEY_ID/
      ],
      [
        'a missing bucket',
        { url: 's3://no-such-bucket-cellpipe/runs' },
        /"no-such-bucket-cellpipe".*does not exist: create it/
      ]
    ] as const) {
      test(`${what}: 503 storage_unavailable with the fix, no run recorded`, async () => {
        const t = await startTestServer({
          artifacts: { ...good!, ...override }
        });
        try {
          const call = caller(t);
          const res = await call('POST', '/runs', { notebook: PIPELINE });
          assert.equal(res.status, 503);
          const body = (await jsonBody(res)) as IErrorBody;
          assert.equal(body.error.kind, 'storage_unavailable');
          assert.match(body.error.message, message);
          const list = (await jsonBody(await call('GET', '/runs'))) as IRunList;
          assert.equal(list.total, 0);
        } finally {
          await t.server.stop();
        }
      });
    }
  }
);

describe('a target whose steps run in pods', { skip }, () => {
  /** Records the jobs it gets; each step "succeeds" at once (saving nothing). */
  function podTarget(jobs: IStepJob[]): IExecutor {
    return {
      name: 'pods',
      podSteps: true,
      info: () => ({ name: 'pods', available: true }),
      // eslint-disable-next-line @typescript-eslint/require-await
      async *run(job) {
        jobs.push(job);
        yield {
          type: 'done',
          outcome: {
            status: 'succeeded',
            exitCode: 0,
            signal: null,
            reason: null,
            error: null
          }
        };
      },
      stop: () => Promise.resolve()
    };
  }

  test('with a loopback bucket endpoint a run is refused at once, saying what to set', async () => {
    const jobs: IStepJob[] = [];
    const t = await startTestServer({
      artifacts: skip ? undefined : testBucket(),
      executors: [() => podTarget(jobs)]
    });
    try {
      const res = await caller(t)('POST', '/runs', {
        notebook: PIPELINE,
        target: 'pods'
      });
      assert.equal(res.status, 400);
      const body = (await jsonBody(res)) as IErrorBody;
      assert.match(
        body.error.message,
        /target "pods": the bucket's endpoint http:\/\/127\.0\.0\.1:\d+ is a loopback address, which step pods cannot reach: set CELLPIPE_S3_ENDPOINT .* or CELLPIPE_S3_POD_ENDPOINT/
      );
      const list = (await jsonBody(
        await caller(t)('GET', '/runs')
      )) as IRunList;
      assert.equal(list.total, 0);
      assert.equal(jobs.length, 0);
    } finally {
      await t.server.stop();
    }
  });

  test('with a pod endpoint the run goes ahead and its steps get URLs that name it', async () => {
    const jobs: IStepJob[] = [];
    const podEndpoint = 'http://s3.storage.svc:9000';
    const t = await startTestServer({
      artifacts: skip ? undefined : testBucket({ podEndpoint }),
      executors: [() => podTarget(jobs)]
    });
    try {
      const res = await caller(t)('POST', '/runs', {
        notebook: PIPELINE,
        target: 'pods'
      });
      assert.equal(res.status, 201);
      const run = (await jsonBody(res)) as IRunRecord;
      await until(() => jobs.length === 2, 10_000, 'both steps');
      const urls = jobs.flatMap(j => [
        ...Object.values(j.context.objects!.outputs).flatMap(o =>
          Object.values(o.put)
        ),
        ...Object.values(j.context.objects!.inputs).flatMap(i => [
          i.sidecar,
          i.data
        ])
      ]);
      assert.ok(urls.length >= 6, `${urls.length} URLs`);
      for (const url of urls) {
        assert.ok(url.startsWith(`${podEndpoint}/`), url);
        assert.match(url, /X-Amz-Signature=/);
      }
      assert.match(run.id, /^r-/);
    } finally {
      await t.server.stop();
    }
  });
});

describe('deploying a model whose run kept it in the bucket', { skip }, () => {
  let api: ITestServer;
  before(async () => {
    api = await startTestServer({ artifacts: skip ? undefined : testBucket() });
  });
  after(() => api.server.stop());

  test('the local model server gets the model from the bucket and answers', async () => {
    const call = jsonCaller(api);
    const run = await trainedRun(call);
    const model = run.artifacts.find(a => a.name === 'model');
    assert.equal(model?.format, 'joblib');
    const { status, body } = await call<IDeployment>(
      'POST',
      '/api/deployments',
      {
        runId: run.id,
        step: 'train',
        artifact: 'model',
        name: 'from-bucket'
      }
    );
    assert.equal(status, 201, JSON.stringify(body));
    assert.equal(body.status, 'ready', body.reason ?? '');
    const v1 = await call<IPredictResponse>(
      'POST',
      '/api/deployments/from-bucket/predict?protocol=v1',
      { instances: TEST_ROWS }
    );
    assert.equal(v1.body.status, 200, JSON.stringify(v1.body));
    const { predictions } = v1.body.body as { predictions: number[] };
    assert.equal(predictions.length, TEST_ROWS.length);
    assert.ok(predictions.every(p => p === 0 || p === 1));
    assert.equal(
      (await call('DELETE', '/api/deployments/from-bucket')).status,
      204
    );
  });
});
