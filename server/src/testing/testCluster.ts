import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import {
  loadAllYaml,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  RbacAuthorizationV1Api,
  type V1Job,
  type V1Role,
  type V1RoleBinding,
  type V1Pod
} from '@kubernetes/client-node';

import { MANAGED_SELECTOR } from '../kube/labels.js';
import { notebook, step } from './notebooks.js';

/**
 * The real test control plane (server/test/cluster/up.sh) that
 * `scripts/test.sh` starts: its admin kubeconfig comes in
 * `CELLPIPE_TEST_KUBECONFIG`. Without it the cluster tests are skipped,
 * unless `CELLPIPE_TEST_CLUSTER=required` (CI) makes that a failure.
 */
export const TEST_KUBECONFIG = process.env.CELLPIPE_TEST_KUBECONFIG;

/** A client (CN=cellpipe-user) without any RBAC binding: up.sh writes it beside the admin's. */
export const USER_KUBECONFIG =
  TEST_KUBECONFIG && join(dirname(TEST_KUBECONFIG), 'user.kubeconfig');
export const TEST_USER = 'cellpipe-user';

export function clusterSkip(): string | false {
  if (TEST_KUBECONFIG) {
    return false;
  }
  if (process.env.CELLPIPE_TEST_CLUSTER === 'required') {
    throw new Error(
      'CELLPIPE_TEST_CLUSTER=required but CELLPIPE_TEST_KUBECONFIG is not set'
    );
  }
  return 'no test cluster (run server/test/cluster/up.sh and set CELLPIPE_TEST_KUBECONFIG)';
}

/** a -> slow -> c; `slow`'s pod "runs" for `slowMs` on kwok (the others 300 ms). */
export function slowMiddlePipeline(slowMs: number) {
  return notebook(
    [step('a', 'x = 1'), step('slow', 'y = x + 1'), step('c', 'z = y + 1')],
    {
      version: 1,
      defaults: { kubernetes_pod_annotations: kwokTiming(100, 300) },
      steps: { slow: { kubernetes_pod_annotations: kwokTiming(100, slowMs) } }
    }
  );
}

/** Pods on kwok "run" for these delays (annotations kwok's stages read). */
export function kwokTiming(
  readyMs: number,
  completeMs: number
): Record<string, string> {
  return {
    'pod-create.stage.kwok.x-k8s.io/delay': '50ms',
    'pod-create.stage.kwok.x-k8s.io/jitter-delay': '50ms',
    'pod-ready.stage.kwok.x-k8s.io/delay': `${readyMs}ms`,
    'pod-ready.stage.kwok.x-k8s.io/jitter-delay': `${readyMs}ms`,
    'pod-complete.stage.kwok.x-k8s.io/delay': `${completeMs}ms`,
    'pod-complete.stage.kwok.x-k8s.io/jitter-delay': `${completeMs}ms`
  };
}

/** The label our own kwok stage (stages/pod-fail.yaml) fails pods by. */
export const FAIL_LABEL = { 'cellpipe.io/test-fail': 'true' };

export const ARTIFACTS_CLAIM = 'cellpipe-artifacts';

/** The minimal Role the docs give (and the tests bind). */
export const RBAC_MANIFEST = new URL(
  '../../../docs/kubernetes-rbac.yaml',
  import.meta.url
);

/** An admin client and a fresh namespace with a bound artifacts claim. */
export class TestNamespace {
  readonly kc: KubeConfig;
  readonly core: CoreV1Api;
  readonly batch: BatchV1Api;
  readonly rbac: RbacAuthorizationV1Api;

  private constructor(readonly name: string) {
    this.kc = new KubeConfig();
    this.kc.loadFromFile(TEST_KUBECONFIG!);
    this.core = this.kc.makeApiClient(CoreV1Api);
    this.batch = this.kc.makeApiClient(BatchV1Api);
    this.rbac = this.kc.makeApiClient(RbacAuthorizationV1Api);
  }

  static async create(prefix: string): Promise<TestNamespace> {
    const ns = new TestNamespace(`${prefix}-${randomBytes(3).toString('hex')}`);
    await ns.core.createNamespace({ body: { metadata: { name: ns.name } } });
    await ns.bindArtifacts();
    await ns.claimBound();
    return ns;
  }

  /** A hostPath volume bound to the claim, so the scheduler places pods that mount it. */
  private async bindArtifacts(): Promise<void> {
    const pv = `${this.name}-artifacts`;
    const spec = { accessModes: ['ReadWriteMany'], storageClassName: '' };
    await this.core.createPersistentVolume({
      body: {
        metadata: { name: pv },
        spec: {
          ...spec,
          capacity: { storage: '1Gi' },
          hostPath: { path: mkdtempSync(join(tmpdir(), 'cellpipe-pv-')) },
          claimRef: { namespace: this.name, name: ARTIFACTS_CLAIM }
        }
      }
    });
    await this.core.createNamespacedPersistentVolumeClaim({
      namespace: this.name,
      body: {
        metadata: { name: ARTIFACTS_CLAIM },
        spec: {
          ...spec,
          volumeName: pv,
          resources: { requests: { storage: '1Gi' } }
        }
      }
    });
  }

  /** The PV controller binds the claim a moment after it is created. */
  private async claimBound(): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const pvc = await this.core.readNamespacedPersistentVolumeClaim({
        name: ARTIFACTS_CLAIM,
        namespace: this.name
      });
      if (pvc.status?.phase === 'Bound') {
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(`claim ${ARTIFACTS_CLAIM} in ${this.name} not bound`);
      }
      await new Promise(r => setTimeout(r, 100));
    }
  }

  /** Binds TEST_USER to exactly the Role in docs/kubernetes-rbac.yaml here; returns the Role. */
  async bindMinimalRole(): Promise<V1Role> {
    const [role, binding] = loadAllYaml(
      readFileSync(RBAC_MANIFEST, 'utf8')
    ) as [V1Role, V1RoleBinding];
    await this.rbac.createNamespacedRole({ namespace: this.name, body: role });
    binding.subjects = [
      { kind: 'User', name: TEST_USER, apiGroup: 'rbac.authorization.k8s.io' }
    ];
    await this.rbac.createNamespacedRoleBinding({
      namespace: this.name,
      body: binding
    });
    return role;
  }

  async jobs(runId?: string): Promise<V1Job[]> {
    const selector = runId
      ? `${MANAGED_SELECTOR},cellpipe.io/run=${runId}`
      : MANAGED_SELECTOR;
    return (
      await this.batch.listNamespacedJob({
        namespace: this.name,
        labelSelector: selector
      })
    ).items;
  }

  async pods(runId?: string): Promise<V1Pod[]> {
    const selector = runId
      ? `${MANAGED_SELECTOR},cellpipe.io/run=${runId}`
      : MANAGED_SELECTOR;
    return (
      await this.core.listNamespacedPod({
        namespace: this.name,
        labelSelector: selector
      })
    ).items;
  }

  async delete(): Promise<void> {
    await this.core.deleteNamespace({ name: this.name }).catch(() => undefined);
    await this.core
      .deletePersistentVolume({ name: `${this.name}-artifacts` })
      .catch(() => undefined);
  }
}
