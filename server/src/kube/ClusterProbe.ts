import {
  AuthorizationV1Api,
  CoreV1Api,
  type KubeConfig,
  VersionApi
} from '@kubernetes/client-node';

import type { IClusterPermission, IClusterStatus } from '../contract/wire.js';
import { describeKubeError } from './kubeErrors.js';

/**
 * Exactly what the executor does in a namespace; the RBAC Role in
 * docs/kubernetes.md grants these and nothing else.
 */
export const REQUIRED_PERMISSIONS: ReadonlyArray<{
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
}> = [
  { verb: 'create', group: '', resource: 'configmaps' },
  { verb: 'get', group: '', resource: 'configmaps' },
  { verb: 'update', group: '', resource: 'configmaps' },
  { verb: 'delete', group: '', resource: 'configmaps' },
  { verb: 'create', group: 'batch', resource: 'jobs' },
  { verb: 'get', group: 'batch', resource: 'jobs' },
  { verb: 'list', group: 'batch', resource: 'jobs' },
  { verb: 'watch', group: 'batch', resource: 'jobs' },
  { verb: 'delete', group: 'batch', resource: 'jobs' },
  { verb: 'list', group: '', resource: 'pods' },
  { verb: 'watch', group: '', resource: 'pods' },
  { verb: 'get', group: '', resource: 'pods', subresource: 'log' },
  { verb: 'get', group: '', resource: 'persistentvolumeclaims' }
];

export interface IProbeTarget {
  kubeConfig: KubeConfig | null;
  namespace: string;
  /** null: artifacts live in a bucket, so no claim is needed or checked. */
  artifactsClaim: string | null;
  /** Why there is no config, when there is none. */
  unavailable: string | undefined;
}

/** Answers `GET /api/cluster`: reachable, version, and each permission the executor needs. */
export async function probeCluster(
  target: IProbeTarget
): Promise<IClusterStatus> {
  const base: IClusterStatus = {
    configured: !!target.kubeConfig,
    reachable: false,
    reason: target.unavailable ?? null,
    server: target.kubeConfig?.getCurrentCluster()?.server ?? null,
    version: null,
    namespace: target.namespace,
    permissions: [],
    canRun: false,
    artifactsClaim: null,
    artifacts: target.artifactsClaim === null ? 'bucket' : 'claim'
  };
  const kc = target.kubeConfig;
  if (!kc) {
    return base;
  }
  try {
    const version = await kc.makeApiClient(VersionApi).getCode();
    base.reachable = true;
    base.version = version.gitVersion;
  } catch (err) {
    return { ...base, reason: describeKubeError(err).message };
  }
  base.permissions = await Promise.all(
    REQUIRED_PERMISSIONS.map(p => permission(kc, target.namespace, p))
  );
  const claimName = target.artifactsClaim;
  base.artifactsClaim =
    claimName === null ? null : await claim(kc, target.namespace, claimName);
  const denied = base.permissions.filter(p => !p.allowed);
  base.canRun = denied.length === 0;
  const claimState =
    claimName === null || base.artifactsClaim?.phase === 'Bound'
      ? null
      : base.artifactsClaim
        ? `not bound (${base.artifactsClaim.phase})`
        : 'missing';
  const reasons = [
    ...(denied.length
      ? [
          `missing permissions in namespace "${target.namespace}": ${denied.map(p => `${p.verb} ${p.resource}`).join(', ')}`
        ]
      : []),
    ...(claimState
      ? [
          `the artifacts claim "${target.artifactsClaim}" is ${claimState} in namespace "${target.namespace}"`
        ]
      : [])
  ];
  base.reason = reasons.length ? reasons.join('; ') : null;
  return base;
}

async function permission(
  kc: KubeConfig,
  namespace: string,
  p: (typeof REQUIRED_PERMISSIONS)[number]
): Promise<IClusterPermission> {
  const resource = `${p.resource}${p.group ? `.${p.group}` : ''}${p.subresource ? `/${p.subresource}` : ''}`;
  try {
    const review = await kc
      .makeApiClient(AuthorizationV1Api)
      .createSelfSubjectAccessReview({
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: {
            resourceAttributes: {
              namespace,
              verb: p.verb,
              group: p.group,
              resource: p.resource,
              ...(p.subresource && { subresource: p.subresource })
            }
          }
        }
      });
    return {
      verb: p.verb,
      resource,
      allowed: review.status?.allowed === true,
      reason: review.status?.reason ?? ''
    };
  } catch (err) {
    return {
      verb: p.verb,
      resource,
      allowed: false,
      reason: describeKubeError(err).message
    };
  }
}

async function claim(
  kc: KubeConfig,
  namespace: string,
  name: string
): Promise<IClusterStatus['artifactsClaim']> {
  try {
    const pvc = await kc
      .makeApiClient(CoreV1Api)
      .readNamespacedPersistentVolumeClaim({ name, namespace });
    return { name, phase: pvc.status?.phase ?? null };
  } catch {
    return null;
  }
}
