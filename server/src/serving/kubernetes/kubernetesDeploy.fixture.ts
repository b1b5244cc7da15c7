import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { createInterface } from 'node:readline';

import {
  ApiException,
  ApiextensionsV1Api,
  CustomObjectsApi,
  type KubeConfig,
  loadAllYaml,
  type V1CustomResourceDefinition,
  type V1Role,
  type V1RoleBinding
} from '@kubernetes/client-node';

import type { IStoredArtifact } from '../../store/RunStore.js';
import { RBAC_MANIFEST, TEST_USER } from '../../testing/testCluster.js';
import {
  MODEL_SERVER_SCRIPT,
  type ITestModel
} from '../../testing/testModel.js';
import type {
  IDeploymentRecordForTarget,
  IDeploymentState,
  IDeploySource
} from '../DeployTarget.js';

/*
 * Helpers of the KubernetesDeployTarget.*.test.ts files (the deploy tests
 * on the test control plane); not part of the server.
 */

export const CRD_MANIFEST = new URL(
  '../../../test/cluster/inferenceservice-crd.yaml',
  import.meta.url
);
export const CRD_NAME = 'inferenceservices.serving.kserve.io';
export const KSERVE = {
  group: 'serving.kserve.io',
  version: 'v1beta1',
  plural: 'inferenceservices'
};

/** What a target reported, per deployment, merged as the DeployService merges it. */
export class Reports {
  readonly states = new Map<string, Partial<IDeploymentState>>();
  private readonly waiters = new Set<() => void>();

  readonly report = (name: string, state: Partial<IDeploymentState>) => {
    this.states.set(name, { ...this.states.get(name), ...state });
    this.waiters.forEach(w => w());
  };

  /** The first state deploy() resolves with is stored like the DeployService stores it. */
  record(name: string, state: IDeploymentState): void {
    this.report(name, state);
  }

  async until(
    name: string,
    ok: (s: Partial<IDeploymentState>) => boolean,
    timeoutMs = 30_000
  ): Promise<Partial<IDeploymentState>> {
    const met = () => {
      const s = this.states.get(name);
      return s && ok(s) ? s : undefined;
    };
    return (
      met() ??
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          this.waiters.delete(check);
          reject(
            new Error(
              `${name}: condition not met in ${timeoutMs} ms; last state ${JSON.stringify(this.states.get(name))}`
            )
          );
        }, timeoutMs);
        const check = () => {
          const s = met();
          if (s) {
            clearTimeout(timer);
            this.waiters.delete(check);
            resolve(s);
          }
        };
        this.waiters.add(check);
      })
    );
  }
}

export function modelArtifact(path: string): IStoredArtifact {
  return {
    step: 'train',
    name: 'model',
    type: 'sklearn.linear_model._logistic.LogisticRegression',
    format: 'joblib',
    size: statSync(path).size,
    sha256: '0'.repeat(64),
    path
  };
}

export function recordOf(
  name: string,
  source: IDeploySource,
  state: Partial<IDeploymentState>
): IDeploymentRecordForTarget {
  return {
    name,
    target: 'kubernetes',
    source,
    options: {},
    state: state as IDeploymentState
  };
}

export async function gone(read: () => Promise<unknown>): Promise<boolean> {
  try {
    await read();
    return false;
  } catch (err) {
    if (err instanceof ApiException && err.code === 404) {
      return true;
    }
    throw err;
  }
}

export async function eventually(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 30_000
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`${what}: not within ${timeoutMs} ms`);
    }
    await new Promise(r => setTimeout(r, 100));
  }
}

/** The CRD is cluster-wide: the test files that install it remove it again. */
export class KServeCrd {
  private readonly ext: ApiextensionsV1Api;
  private readonly custom: CustomObjectsApi;

  constructor(kc: KubeConfig) {
    this.ext = kc.makeApiClient(ApiextensionsV1Api);
    this.custom = kc.makeApiClient(CustomObjectsApi);
  }

  /** True while the API server serves serving.kserve.io/v1beta1. */
  async served(): Promise<boolean> {
    try {
      const list = await this.custom.getAPIResources(KSERVE);
      return list.resources.some(r => r.name === KSERVE.plural);
    } catch (err) {
      if (err instanceof ApiException && err.code === 404) {
        return false;
      }
      throw err;
    }
  }

  async install(): Promise<void> {
    const [crd] = loadAllYaml(
      readFileSync(CRD_MANIFEST, 'utf8')
    ) as V1CustomResourceDefinition[];
    await this.ext
      .createCustomResourceDefinition({ body: crd })
      .catch((err: unknown) => {
        if (!(err instanceof ApiException && err.code === 409)) {
          throw err;
        }
      });
    await eventually('the CRD is established and discovered', async () => {
      const read = await this.ext.readCustomResourceDefinition({
        name: CRD_NAME
      });
      const established = read.status?.conditions?.some(
        c => c.type === 'Established' && c.status === 'True'
      );
      return !!established && (await this.served());
    });
  }

  async remove(): Promise<void> {
    await this.ext
      .deleteCustomResourceDefinition({ name: CRD_NAME })
      .catch((err: unknown) => {
        if (!(err instanceof ApiException && err.code === 404)) {
          throw err;
        }
      });
    await eventually('the CRD is gone from discovery', async () =>
      gone(() =>
        this.ext.readCustomResourceDefinition({ name: CRD_NAME })
      ).then(async g => g && !(await this.served()))
    );
  }
}

/** The deployer Role of docs/kubernetes-rbac.yaml (its 3rd and 4th documents), bound to TEST_USER. */
export function deployerRole(): { role: V1Role; binding: V1RoleBinding } {
  const docs = loadAllYaml(readFileSync(RBAC_MANIFEST, 'utf8'));
  const role = docs[2] as V1Role;
  const binding = docs[3] as V1RoleBinding;
  assert.equal(role.metadata?.name, 'cellpipe-deployer');
  binding.subjects = [
    { kind: 'User', name: TEST_USER, apiGroup: 'rbac.authorization.k8s.io' }
  ];
  return { role, binding };
}

/** The first non-loopback IPv4 address: the API server's proxy refuses loopback. */
export function reachableAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find(a => a && a.family === 'IPv4' && !a.internal)?.address;
}

/** Starts model_server.py on `host`, port chosen by it. */
export async function startModelServer(
  model: ITestModel,
  name: string,
  host: string
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    model.python,
    [
      MODEL_SERVER_SCRIPT,
      ...['--model-dir', model.modelDir, '--name', name],
      ...['--port', '0', '--host', host]
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] }
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', code =>
      reject(new Error(`model server exited ${code}`))
    );
  });
  return { child, port: Number(/:(\d+)$/.exec(line)![1]) };
}
