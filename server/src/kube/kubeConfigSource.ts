import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import type { IClusterStatus } from '../contract/wire.js';
import type { IKubernetesOptions } from './kubernetesOptions.js';

/**
 * Where a kubeconfig would come from, found without the Kubernetes client
 * (which costs ~0.5 s to load): a server or CLI command that has no cluster
 * configured never loads it (docs/engine.md, "What loads lazily").
 */
export type KubeConfigSource =
  { kind: 'file'; file: string } | { kind: 'in-cluster' } | { kind: 'none' };

export const NO_KUBE_CONFIG =
  'no Kubernetes configuration found (set KUBECONFIG, pass --kubeconfig, or run in a cluster)';

/** `--kubeconfig`, else `$KUBECONFIG`, else `~/.kube/config`, else the in-cluster service account. */
export function findKubeConfig(
  path?: string,
  env: NodeJS.ProcessEnv = process.env
): KubeConfigSource {
  const file = path ?? env.KUBECONFIG ?? join(homedir(), '.kube', 'config');
  // A given path is used even when missing, so its error names it.
  if (path || existsSync(file.split(':')[0])) {
    return { kind: 'file', file };
  }
  if (env.KUBERNETES_SERVICE_HOST) {
    return { kind: 'in-cluster' };
  }
  return { kind: 'none' };
}

/**
 * `GET /api/cluster` when no configuration is found: what the probe says
 * then, without loading the client to say it.
 */
export function unconfiguredCluster(
  options: Pick<IKubernetesOptions, 'namespace'>,
  reason: string,
  env: NodeJS.ProcessEnv = process.env
): IClusterStatus {
  return {
    configured: false,
    reachable: false,
    reason,
    server: null,
    version: null,
    namespace: options.namespace ?? env.CELLPIPE_NAMESPACE ?? 'default',
    permissions: [],
    canRun: false,
    artifactsClaim: null
  };
}
