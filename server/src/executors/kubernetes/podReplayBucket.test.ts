import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import type { IEngine } from '../../app.js';
import type { IRunRecord } from '../../contract/wire.js';
import type { IStepJob } from '../Executor.js';
import { resolvePython } from '../../pipelines/pythonExecutable.js';
import { objectStorageConfig } from '../../store/objectStorageConfig.js';
import { S3Bucket } from '../../store/S3Bucket.js';
import { bucketSkip, testBucket } from '../../testing/testBucket.js';
import {
  ARTIFACTS_CLAIM,
  clusterSkip,
  TEST_KUBECONFIG,
  TestNamespace
} from '../../testing/testCluster.js';
import { startTestServer, type ITestServer } from '../../testing/testServer.js';
import { STEP_LABEL } from '../../kube/labels.js';
import {
  type IReplayed,
  type IStepResult,
  localResult,
  NOTEBOOK,
  replayedResult,
  replayJob
} from './podReplay.fixture.js';

const skip = clusterSkip() || bucketSkip();

/**
 * The same notebook on local and on Kubernetes, both with artifacts in a real
 * bucket (versitygw). Pods on the control plane run no code, so a
 * Kubernetes run records no outputs of its own; each step is therefore run
 * on Kubernetes with its upstream steps cached (their objects copied into
 * that run by the bucket), and its Job is replayed: the replayed program
 * fetches its inputs and uploads its outputs by the signed URLs of its
 * context alone. Steps go last to first, so that no forced run replaces a
 * cache entry a later one needs.
 */
describe('a replay proves the pods read and write the bucket', { skip }, () => {
  // Pods replayed here are processes on this machine: they reach the test
  // server's 127.0.0.1 endpoint, which is what CELLPIPE_S3_POD_ENDPOINT says.
  const options = skip ? undefined : testBucket();
  const config = options && objectStorageConfig(options);
  const bucket = config && new S3Bucket(config);
  let ns: TestNamespace;
  let t: ITestServer;
  let engine: IEngine;
  const roots: string[] = [];
  const replays = new Map<string, IReplayed>();
  const replayedRuns = new Map<string, IRunRecord>();
  const local = new Map<string, IStepResult>();
  let localRun: IRunRecord;
  let cachedRun: IRunRecord;
  let inputsFetched = 0;

  const submit = async (
    target: string,
    forceSteps: string[] = []
  ): Promise<IRunRecord> => {
    const run = await engine.runs.submit({
      notebook: NOTEBOOK,
      name: 'pod-replay-s3',
      target,
      forceSteps
    });
    const done = await engine.runs.wait(run.id);
    assert.equal(done.status, 'succeeded', done.reason ?? '');
    return done;
  };

  before(async () => {
    ns = await TestNamespace.create('replay-s3');
    t = await startTestServer({
      artifacts: { ...options!, podEndpoint: options!.endpoint },
      kubernetes: {
        kubeconfig: TEST_KUBECONFIG,
        namespace: ns.name,
        artifactsClaim: ARTIFACTS_CLAIM
      },
      concurrency: 4
    });
    engine = (t.server as unknown as { parts: { engine: IEngine } }).parts
      .engine;
    localRun = await submit('local');
    for (const name of localRun.order) {
      local.set(name, localResult(engine, localRun, name));
    }
    cachedRun = await submit('kubernetes');
    const python = await resolvePython();
    for (const name of [...localRun.order].reverse()) {
      const run = await submit('kubernetes', [name]);
      replayedRuns.set(name, run);
      replays.set(name, await replayStep(run, name, python));
    }
  });

  async function replayStep(
    run: IRunRecord,
    name: string,
    python: string
  ): Promise<IReplayed> {
    const job = (await ns.jobs(run.id)).find(
      j => j.metadata!.labels![STEP_LABEL] === name
    );
    assert.ok(job, `the Job of ${name}`);
    const listed = await ns.core.listNamespacedConfigMap({
      namespace: ns.name,
      labelSelector: `cellpipe.io/run=${run.id}`
    });
    const cm = new Map(listed.items.map(c => [c.metadata!.name!, c] as const));
    // Every input comes by a signed URL: the replayed pod has no other way to it.
    const context = JSON.parse(
      cm.get(job.metadata!.name!)!.data![`${name}.context.json`]
    ) as Required<IStepJob['context']>;
    assert.deepEqual(
      Object.keys(context.objects.inputs).sort(),
      Object.keys(context.inputs).sort()
    );
    inputsFetched += Object.keys(context.inputs).length;
    const root = mkdtempSync(join(tmpdir(), 'cellpipe-replay-s3-'));
    roots.push(root);
    return replayJob(job, cm, root, python);
  }

  after(async () => {
    await t?.server.stop();
    await ns?.delete();
    await bucket?.close();
    roots.forEach(r => rmSync(r, { recursive: true, force: true }));
  });

  test('every replayed pod exits 0 and finishes its harness', () => {
    assert.deepEqual([...replays.keys()].sort(), [...local.keys()].sort());
    for (const [name, r] of replays) {
      assert.equal(r.code, 0, `${name}:\n${r.logs.join('\n')}\n${r.stderr}`);
      assert.equal(r.events.filter(e => e.event === 'error').length, 0);
      assert.equal(r.events.at(-1)?.event, 'finished', name);
    }
  });

  test('the pods mount no claim; their outputs are objects in the bucket, nothing stays in the pod', async () => {
    const jobs = await ns.jobs();
    assert.ok(jobs.length >= replays.size);
    for (const job of jobs) {
      const volumes = job.spec!.template.spec!.volumes!;
      assert.ok(volumes.every(v => !v.persistentVolumeClaim));
    }
    let seen = 0;
    for (const [name, r] of replays) {
      const run = replayedRuns.get(name)!;
      for (const e of r.events) {
        if (e.event !== 'output') {
          continue;
        }
        const where = `s3://${config!.bucket}/${config!.prefix}/${run.id}/${name}/`;
        assert.ok(e.path.startsWith(where), e.path);
        const key = e.path.slice(`s3://${config!.bucket}/`.length);
        const { body } = await bucket!.get(key);
        const bytes = Buffer.concat(await body.toArray());
        assert.equal(bytes.length, e.size);
        assert.equal(
          createHash('sha256').update(bytes).digest('hex'),
          e.sha256
        );
        assert.notEqual(
          await bucket!.size(key.replace(/\.[^.]+$/, '.json')),
          null
        );
        seen += 1;
      }
      assert.deepEqual(files(r.artifactsDir), [], `${name} left files`);
    }
    assert.ok(seen >= 4, `${seen} outputs uploaded`);
    assert.ok(inputsFetched >= 4, `${inputsFetched} inputs fetched`);
  });

  test("metrics, outputs (with their hashes) and printed lines equal the local run's", () => {
    for (const [name, expected] of local) {
      assert.deepEqual(replayedResult(replays.get(name)!), expected, name);
    }
    const outputs = [...local.values()].flatMap(r => r.outputs).join('\n');
    for (const format of ['npy', 'pandas-pickle', 'joblib']) {
      assert.match(outputs, new RegExp(` ${format} `), `${format} compared`);
    }
    const consumed = [...replays.values()].filter(r =>
      r.events.some(e => e.event === 'started')
    );
    assert.equal(consumed.length, replays.size);
  });

  test('a Kubernetes run reuses cached results from the bucket (no Job) and its artifacts download', async () => {
    assert.deepEqual(
      cachedRun.steps.map(s => s.status),
      cachedRun.steps.map(() => 'cached')
    );
    assert.deepEqual(await ns.jobs(cachedRun.id), []);
    const ofLocal = (a: { step: string; name: string }) =>
      localRun.artifacts.find(x => x.step === a.step && x.name === a.name);
    assert.equal(cachedRun.artifacts.length, localRun.artifacts.length);
    for (const a of cachedRun.artifacts) {
      assert.equal(a.sha256, ofLocal(a)?.sha256);
      const res = await fetch(
        `${t.baseUrl}/api/runs/${cachedRun.id}/artifacts/${a.step}/${a.name}`,
        { headers: { Authorization: t.authHeader } }
      );
      assert.equal(res.status, 200);
      const bytes = Buffer.from(await res.arrayBuffer());
      assert.equal(createHash('sha256').update(bytes).digest('hex'), a.sha256);
    }
    const keys = await bucket!.list(`${config!.prefix}/${cachedRun.id}/`);
    assert.equal(
      keys.length,
      2 * cachedRun.artifacts.length,
      'data and sidecar each'
    );
  });
});

/** Every file left under a folder (relative paths). */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(d => d.isFile())
    .map(d => join(d.parentPath, d.name).slice(dir.length + 1));
}
