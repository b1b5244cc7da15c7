import {
  findKubeConfig,
  NO_KUBE_CONFIG,
  unconfiguredCluster
} from '../../kube/kubeConfigSource.js';
import type { IKubernetesOptions } from '../../kube/kubernetesOptions.js';
import type { ExecutorFactory } from '../Executor.js';
import { LazyExecutor } from '../LazyExecutor.js';

const NAME = 'kubernetes';

/**
 * The `kubernetes` entry of app.ts's executor list: KubernetesExecutor and
 * the Kubernetes client behind it are imported when a step runs there, a
 * run there is deleted or re-attached, or `GET /api/cluster` asks. Without
 * any kubeconfig they are never imported: the target is unavailable and the
 * probe says so.
 */
export function lazyKubernetesExecutor(
  options: IKubernetesOptions = {}
): ExecutorFactory {
  return setup => {
    const found = findKubeConfig(options.kubeconfig).kind !== 'none';
    return new LazyExecutor({
      name: NAME,
      reattaches: true,
      podSteps: true,
      preflights: true,
      probes: true,
      deletesRuns: true,
      // A kubeconfig that cannot be read shows once the executor is loaded.
      before: found
        ? { name: NAME, available: true }
        : { name: NAME, available: false, reason: NO_KUBE_CONFIG },
      probeUnavailable: reason => unconfiguredCluster(options, reason),
      load: async () => {
        const { KubernetesExecutor } = await import('./KubernetesExecutor.js');
        return new KubernetesExecutor({ ...options, ...setup });
      }
    });
  };
}
