import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import type { IEngine } from '../../app.js';
import type { IStepProperties } from '../../contract/wire.js';
import { notebook, step, type CellSpec } from '../../testing/notebooks.js';
import {
  ARTIFACTS_CLAIM,
  clusterSkip,
  kwokTiming,
  TEST_KUBECONFIG,
  TestNamespace,
  USER_KUBECONFIG
} from '../../testing/testCluster.js';
import { testEngine } from '../../testing/testEngine.js';
import { REQUIRED_PERMISSIONS } from '../../kube/ClusterProbe.js';
import type { IKubernetesOptions } from '../../kube/kubernetesOptions.js';

const skip = clusterSkip();
const FAST = { kubernetes_pod_annotations: kwokTiming(100, 300) };

type Engine = IEngine & { workDir: string };

function clusterEngine(options: IKubernetesOptions): Engine {
  return testEngine({
    defaultTarget: 'kubernetes',
    kubernetes: {
      kubeconfig: TEST_KUBECONFIG,
      artifactsClaim: ARTIFACTS_CLAIM,
      ...options
    }
  });
}

async function runOn(
  engine: Engine,
  cells: CellSpec[],
  steps: Record<string, IStepProperties> = {}
) {
  const submitted = await engine.runs.submit(
    {
      notebook: notebook(cells, { version: 1, defaults: FAST, steps }),
      name: 'k8s',
      cache: false
    },
    { cwd: engine.workDir }
  );
  return engine.runs.wait(submitted.id);
}

describe('runs on the test control plane', { skip }, () => {
  let ns: TestNamespace;
  let engine: Engine;
  before(async () => {
    ns = await TestNamespace.create('runs');
    engine = clusterEngine({ namespace: ns.name, unschedulableGraceMs: 3_000 });
  });
  after(async () => {
    await engine.stop();
    engine.close();
    await ns.delete();
  });

  test("Jobs carry the run's labels, resources, owner, env, secrets and scheduling", async () => {
    const done = await runOn(
      engine,
      [step('prep', 'x = 1'), step('train', 'y = x + 1')],
      {
        train: {
          cpu: '500m',
          memory: 2,
          memory_limit: '3Gi',
          gpu: 1,
          env_vars: [{ env_var: 'EPOCHS', value: '3' }],
          kubernetes_secrets: [
            { env_var: 'TOKEN', name: 'creds', key: 'token' }
          ],
          kubernetes_node_selector: { type: 'kwok' },
          kubernetes_tolerations: [
            { key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }
          ],
          runtime_image: 'registry.example/ml:1',
          retries: 2,
          timeout_seconds: 600
        }
      }
    );
    assert.equal(done.status, 'succeeded', done.reason ?? '');
    const jobs = await ns.jobs(done.id);
    assert.deepEqual(
      jobs.map(j => j.metadata!.labels!['cellpipe.io/step']).sort(),
      ['prep', 'train']
    );
    const train = jobs.find(
      j => j.metadata!.labels!['cellpipe.io/step'] === 'train'
    )!;
    assert.deepEqual(train.metadata!.labels, {
      'app.kubernetes.io/managed-by': 'cellpipe',
      'cellpipe.io/run': done.id,
      'cellpipe.io/step': 'train'
    });
    const cm = await ns.core.readNamespacedConfigMap({
      name: `${done.id}-programs`,
      namespace: ns.name
    });
    assert.deepEqual(
      train.metadata!.ownerReferences!.map(o => [o.kind, o.name, o.uid]),
      [['ConfigMap', cm.metadata!.name, cm.metadata!.uid]]
    );
    assert.ok(cm.data!['harness.py'], 'the run ConfigMap holds the harness');
    const stepCm = await ns.core.readNamespacedConfigMap({
      name: train.metadata!.name!,
      namespace: ns.name
    });
    assert.deepEqual(Object.keys(stepCm.data!).sort(), [
      'train.context.json',
      'train.py'
    ]);
    assert.deepEqual(
      stepCm.metadata!.ownerReferences!.map(o => o.uid),
      [cm.metadata!.uid],
      "the step's ConfigMap goes with the run's"
    );
    assert.equal(train.spec!.backoffLimit, 2);
    assert.equal(train.spec!.activeDeadlineSeconds, 600);
    assert.equal(train.spec!.ttlSecondsAfterFinished, 7 * 24 * 3600);
    const pod = train.spec!.template.spec!;
    const container = pod.containers[0];
    assert.equal(container.image, 'registry.example/ml:1');
    assert.deepEqual(
      { ...container.resources },
      {
        requests: { cpu: '500m', memory: '2G' },
        limits: { memory: '3Gi', 'nvidia.com/gpu': '1' }
      }
    );
    const env = Object.fromEntries(
      container.env!.map(e => [e.name, e.value ?? e.valueFrom?.secretKeyRef])
    );
    assert.equal(env.EPOCHS, '3');
    assert.equal(env.CELLPIPE_STEP, 'train');
    assert.deepEqual(
      { ...(env.TOKEN as object) },
      { name: 'creds', key: 'token' }
    );
    assert.deepEqual(pod.nodeSelector, { type: 'kwok' });
    assert.equal(pod.tolerations![0].key, 'gpu');
    assert.equal(
      pod.volumes!.find(v => v.name === 'artifacts')!.persistentVolumeClaim!
        .claimName,
      ARTIFACTS_CLAIM
    );
  });

  test('deleting a run deletes its ConfigMap, and with it its Jobs and Pods', async () => {
    const done = await runOn(engine, [step('a', 'x = 1'), step('b', 'y = x')]);
    assert.equal((await ns.jobs(done.id)).length, 2);
    await engine.runs.delete(done.id);
    await assert.rejects(
      ns.core.readNamespacedConfigMap({
        name: `${done.id}-programs`,
        namespace: ns.name
      })
    );
    const deadline = Date.now() + 30_000;
    while (
      (await ns.jobs(done.id)).length + (await ns.pods(done.id)).length >
      0
    ) {
      assert.ok(
        Date.now() < deadline,
        'the garbage collector deletes the Jobs and Pods'
      );
      await new Promise(r => setTimeout(r, 250));
    }
  });

  test("a pod that cannot be scheduled fails its step with the scheduler's reason", async () => {
    const done = await runOn(engine, [step('huge', 'x = 1')], {
      huge: { gpu: 100 }
    });
    assert.equal(done.status, 'failed');
    assert.match(
      done.steps[0].reason ?? '',
      /cannot be scheduled: .*nvidia\.com\/gpu/
    );
    assert.equal((await ns.jobs(done.id)).length, 0, 'the Job is deleted');
  });

  test('GET /api/cluster facts: reachable, version, every permission, the claim bound', async () => {
    const status = await engine.probeCluster();
    assert.equal(status.reachable, true);
    assert.match(status.version ?? '', /^v1\.\d+\.\d+/);
    assert.equal(status.namespace, ns.name);
    assert.equal(status.canRun, true, status.reason ?? '');
    assert.deepEqual(status.artifactsClaim, {
      name: ARTIFACTS_CLAIM,
      phase: 'Bound'
    });
    assert.equal(status.artifacts, 'claim');
    assert.equal(status.reason, null);
  });
});

describe('clear errors from the cluster', { skip }, () => {
  test('an exceeded quota', async () => {
    const ns = await TestNamespace.create('quota');
    const engine = clusterEngine({ namespace: ns.name });
    try {
      await ns.core.createNamespacedResourceQuota({
        namespace: ns.name,
        body: {
          metadata: { name: 'no-jobs' },
          spec: { hard: { 'count/jobs.batch': '0' } }
        }
      });
      await new Promise(r => setTimeout(r, 1500)); // the quota controller fills in its status
      const done = await runOn(engine, [step('a', 'x = 1')]);
      assert.equal(done.status, 'failed');
      assert.match(
        done.steps[0].reason ?? '',
        /quota is exceeded: .*count\/jobs\.batch/
      );
    } finally {
      await engine.stop();
      engine.close();
      await ns.delete();
    }
  });

  test('the minimal Role in the docs is enough, and without it the 403 names verb and resource', async () => {
    const ns = await TestNamespace.create('rbac');
    const role = await ns.bindMinimalRole();
    const engine = testEngine({
      defaultTarget: 'kubernetes',
      kubernetes: {
        kubeconfig: USER_KUBECONFIG,
        namespace: ns.name,
        artifactsClaim: ARTIFACTS_CLAIM
      }
    });
    try {
      const rules = role.rules!.flatMap(r =>
        r.resources!.flatMap(res => r.verbs.map(v => `${v} ${res}`))
      );
      const needed = REQUIRED_PERMISSIONS.map(
        p =>
          `${p.verb} ${p.resource}${p.subresource ? `/${p.subresource}` : ''}`
      );
      assert.deepEqual(
        rules.sort(),
        needed.sort(),
        'the Role grants exactly what the executor needs'
      );
      assert.equal((await engine.probeCluster()).canRun, true);
      const ok = await runOn(engine, [step('a', 'x = 1'), step('b', 'y = x')]);
      assert.equal(ok.status, 'succeeded', ok.reason ?? '');

      await ns.rbac.deleteNamespacedRole({
        name: role.metadata!.name!,
        namespace: ns.name
      });
      const status = await engine.probeCluster();
      assert.equal(status.canRun, false);
      assert.match(
        status.reason ?? '',
        /missing permissions .*create jobs\.batch/
      );
      // Refused when submitted (clusterPreflight.test.ts has the rest).
      await assert.rejects(
        runOn(engine, [step('c', 'z = 1')]),
        /not allowed: .*"cellpipe-user" cannot create resource "configmaps"/
      );
    } finally {
      await engine.stop();
      engine.close();
      await ns.delete();
    }
  });
});
