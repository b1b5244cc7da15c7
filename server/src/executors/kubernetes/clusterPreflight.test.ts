import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { IEngine } from '../../app.js';
import { StorageUnavailableError, ValidationError } from '../../errors.js';
import type { IKubernetesOptions } from '../../kube/kubernetesOptions.js';
import { MANAGED_SELECTOR } from '../../kube/labels.js';
import { notebook, step } from '../../testing/notebooks.js';
import { bucketSkip, testBucket } from '../../testing/testBucket.js';
import {
  ARTIFACTS_CLAIM,
  clusterSkip,
  kwokTiming,
  TEST_KUBECONFIG,
  TestNamespace,
  USER_KUBECONFIG
} from '../../testing/testCluster.js';
import { testEngine } from '../../testing/testEngine.js';
import type { IEngineOptions } from '../../app.js';

const skip = clusterSkip();
const NOTEBOOK = notebook([step('a', 'x = 1'), step('b', 'y = x + 1')], {
  version: 1,
  defaults: { kubernetes_pod_annotations: kwokTiming(100, 300) },
  steps: {}
});

async function withEngine(
  kubernetes: IKubernetesOptions,
  use: (engine: IEngine) => Promise<void>,
  options: Partial<IEngineOptions> = {}
): Promise<void> {
  const engine = testEngine({
    defaultTarget: 'kubernetes',
    kubernetes: {
      kubeconfig: TEST_KUBECONFIG,
      artifactsClaim: ARTIFACTS_CLAIM,
      ...kubernetes
    },
    ...options
  });
  try {
    await use(engine);
  } finally {
    await engine.stop();
    engine.close();
  }
}

/** The submission is refused within a second or two (a step used to fail ~10 s later), and no run is recorded. */
async function refused(engine: IEngine, message: RegExp): Promise<void> {
  const started = Date.now();
  await assert.rejects(
    engine.runs.submit({ notebook: NOTEBOOK, name: 'preflight' }),
    (err: unknown) => {
      assert.ok(err instanceof ValidationError, String(err));
      assert.match(err.message, message);
      return true;
    }
  );
  assert.ok(Date.now() - started < 3000, `${Date.now() - started} ms`);
  assert.equal(engine.store.listRuns({}).total, 0);
}

describe(
  'a Kubernetes run is refused before anything is created',
  { skip },
  () => {
    test('when the namespace does not exist, saying how to create it or choose another', async () => {
      await withEngine({ namespace: 'no-such-namespace' }, engine =>
        refused(
          engine,
          /namespace "no-such-namespace" does not exist .*: create it \(kubectl create namespace no-such-namespace\) or choose another with --namespace, CELLPIPE_NAMESPACE/
        )
      );
    });

    test('when the user may not create there, naming verb and resource and the Role to bind', async () => {
      const ns = await TestNamespace.create('preflight-rbac');
      try {
        await withEngine(
          { kubeconfig: USER_KUBECONFIG, namespace: ns.name },
          engine =>
            refused(
              engine,
              new RegExp(
                `runs in namespace "${ns.name}" are not allowed: .*"cellpipe-user" cannot create resource "configmaps".*: bind the Role of docs/kubernetes-rbac.yaml`
              )
            )
        );
      } finally {
        await ns.delete();
      }
    });

    test('when the artifacts claim is missing, with the three ways out; nothing is created in the namespace', async () => {
      const ns = await TestNamespace.create('preflight-claim');
      try {
        await withEngine(
          { namespace: ns.name, artifactsClaim: 'no-such-claim' },
          engine =>
            refused(
              engine,
              new RegExp(
                `the artifacts claim "no-such-claim" does not exist in namespace "${ns.name}": create a ReadWriteMany PersistentVolumeClaim "no-such-claim" .*--artifacts-claim or CELLPIPE_ARTIFACTS_CLAIM, or keep artifacts in a bucket`
              )
            )
        );
        assert.deepEqual(await ns.jobs(), []);
        const maps = await ns.core.listNamespacedConfigMap({
          namespace: ns.name,
          labelSelector: MANAGED_SELECTOR
        });
        assert.deepEqual(maps.items, []);
      } finally {
        await ns.delete();
      }
    });

    test(
      'with artifacts in a bucket, no claim is needed, nor asked for by GET /api/cluster',
      { skip: bucketSkip() },
      async () => {
        const ns = await TestNamespace.create('preflight-s3');
        try {
          const bucket = testBucket();
          await withEngine(
            { namespace: ns.name, artifactsClaim: 'no-such-claim' },
            async engine => {
              const status = await engine.probeCluster();
              assert.equal(status.artifacts, 'bucket');
              assert.equal(status.artifactsClaim, null);
              assert.equal(status.reason, null);
              assert.equal(status.canRun, true);
              const run = await engine.runs.submit({
                notebook: NOTEBOOK,
                name: 'preflight'
              });
              const done = await engine.runs.wait(run.id);
              assert.equal(done.status, 'succeeded', done.reason ?? '');
              const jobs = await ns.jobs(run.id);
              assert.equal(jobs.length, 2);
            },
            { artifacts: { ...bucket, podEndpoint: bucket.endpoint } }
          );
        } finally {
          await ns.delete();
        }
      }
    );

    test(
      'a bucket with bad credentials refuses a Kubernetes run too, before anything is created',
      { skip: bucketSkip() },
      async () => {
        const ns = await TestNamespace.create('preflight-s3-keys');
        try {
          const bucket = testBucket({
            credentials: { accessKeyId: 'nobody', secretAccessKey: 'wrong' }
          });
          await withEngine(
            { namespace: ns.name },
            async engine => {
              await assert.rejects(
                engine.runs.submit({ notebook: NOTEBOOK, name: 'preflight' }),
                (err: unknown) => {
                  assert.ok(
                    err instanceof StorageUnavailableError,
                    String(err)
                  );
                  assert.match(
                    err.message,
                    /refused the credentials.*check AWS_ACCESS_KEY_ID/
                  );
                  return true;
                }
              );
              assert.equal(engine.store.listRuns({}).total, 0);
              assert.deepEqual(await ns.jobs(), []);
            },
            { artifacts: { ...bucket, podEndpoint: bucket.endpoint } }
          );
        } finally {
          await ns.delete();
        }
      }
    );
  }
);
