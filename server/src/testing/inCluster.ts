import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import {
  AuthorizationV1Api,
  KubeConfig,
  KubernetesObjectApi,
  loadAllYaml,
  type KubernetesObject,
  type V1ResourceAttributes
} from '@kubernetes/client-node';

import type { TestNamespace } from './testCluster.js';

const KUSTOMIZE_SH = fileURLToPath(
  new URL('../../test/cluster/kustomize.sh', import.meta.url)
);
/** deploy/kustomize/base, the manifests of the server in the cluster. */
export const KUSTOMIZE_BASE = fileURLToPath(
  new URL('../../../deploy/kustomize/base', import.meta.url)
);
export const SERVICE_ACCOUNT = 'cellpipe';

/** `kustomize build DIR` (server/test/cluster/kustomize.sh), parsed. */
export async function renderKustomization(
  dir = KUSTOMIZE_BASE
): Promise<KubernetesObject[]> {
  const { stdout } = await promisify(execFile)(KUSTOMIZE_SH, [dir], {
    maxBuffer: 16 * 1024 * 1024
  });
  return loadAllYaml(stdout) as KubernetesObject[];
}

/** The objects of a kind in a rendered kustomization. */
export function ofKind<T extends KubernetesObject>(
  objects: KubernetesObject[],
  kind: string
): T[] {
  return objects.filter(o => o.kind === kind) as T[];
}

/**
 * Creates the objects in the namespace as `kubectl apply` would create them
 * new: each first with a server-side dry run (admission and validation, no
 * storage), then for real. Returns what the API server stored.
 */
export async function applyToNamespace(
  ns: TestNamespace,
  objects: KubernetesObject[],
  dryRunOnly = false
): Promise<KubernetesObject[]> {
  const api = KubernetesObjectApi.makeApiClient(ns.kc);
  const stored: KubernetesObject[] = [];
  for (const object of objects) {
    const body = {
      ...object,
      metadata: { ...object.metadata, namespace: ns.name }
    };
    const checked = await api.create(body, undefined, 'All');
    if (!dryRunOnly) {
      stored.push(await api.create(body));
    } else {
      stored.push(checked);
    }
  }
  return stored;
}

/** A token for the ServiceAccount, as the kubelet gets one for its pods (TokenRequest). */
export async function serviceAccountToken(
  ns: TestNamespace,
  name = SERVICE_ACCOUNT,
  seconds = 3600
): Promise<string> {
  const answer = await ns.core.createNamespacedServiceAccountToken({
    name,
    namespace: ns.name,
    body: { spec: { audiences: [], expirationSeconds: seconds } }
  });
  return answer.status!.token;
}

/** A kubeconfig with only the token (the test cluster's address and CA), in a new folder. */
export function tokenKubeconfig(ns: TestNamespace, token: string): string {
  const cluster = ns.kc.getCurrentCluster()!;
  const ca =
    cluster.caData ??
    (cluster.caFile
      ? readFileSync(cluster.caFile).toString('base64')
      : undefined);
  const file = join(mkdtempSync(join(tmpdir(), 'cellpipe-sa-')), 'kubeconfig');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'test',
        cluster: { server: cluster.server, 'certificate-authority-data': ca }
      }
    ],
    users: [{ name: 'sa', user: { token } }],
    contexts: [
      {
        name: 'sa',
        context: { cluster: 'test', user: 'sa', namespace: ns.name }
      }
    ],
    'current-context': 'sa'
  };
  // JSON is YAML: the client reads it as a kubeconfig.
  writeFileSync(file, JSON.stringify(config), { mode: 0o600 });
  return file;
}

/** SelfSubjectAccessReview as the holder of `kubeconfig`: may it do this? */
export async function canI(
  kubeconfig: string,
  attributes: V1ResourceAttributes
): Promise<boolean> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const review = await kc
    .makeApiClient(AuthorizationV1Api)
    .createSelfSubjectAccessReview({
      body: { spec: { resourceAttributes: attributes } }
    });
  return review.status?.allowed === true;
}

/** Asks `get` every 200 ms until `done` says yes; fails naming `what` after `ms`. */
export async function pollUntil<T>(
  get: () => Promise<T>,
  done: (v: T) => boolean,
  ms: number,
  what: string
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await get();
    if (done(value)) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    }
    await new Promise(r => setTimeout(r, 200));
  }
}

/** `GET /api/ready` (no token): 200 for the leader, 503 for a standby. */
export async function readyStatus(port: number): Promise<number> {
  return (await fetch(`http://127.0.0.1:${port}/api/ready`)).status;
}
