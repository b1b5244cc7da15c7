import type { IClusterStatus } from '../api/wire';

/** A reachable cluster where everything is allowed and the claim is Bound. */
export function clusterStatus(
  extra: Partial<IClusterStatus> = {}
): IClusterStatus {
  return {
    configured: true,
    reachable: true,
    reason: null,
    server: 'https://127.0.0.1:6443',
    version: 'v1.36.3',
    namespace: 'ml',
    permissions: [
      { verb: 'create', resource: 'jobs.batch', allowed: true, reason: '' }
    ],
    canRun: true,
    artifactsClaim: { name: 'cellpipe-artifacts', phase: 'Bound' },
    ...extra
  };
}
