import type { IClusterStatus } from '../contract/wire.js';
import type { IExecutor } from './Executor.js';

/** The first executor that runs on a cluster says what it would run against. */
export function probeCluster(
  executors: ReadonlyMap<string, IExecutor>
): Promise<IClusterStatus> {
  const onCluster = [...executors.values()].find(e => e.probe !== undefined);
  if (onCluster?.probe) {
    return onCluster.probe();
  }
  return Promise.resolve({
    configured: false,
    reachable: false,
    reason: 'no executor of this server runs on a cluster',
    server: null,
    version: null,
    namespace: '',
    permissions: [],
    canRun: false,
    artifactsClaim: null
  });
}
