import type { KubeConfig } from '@kubernetes/client-node';

import { loadKubeConfig } from '../executors/kubernetes/KubernetesExecutor.js';
import {
  DEFAULT_ARTIFACTS_CLAIM,
  DEFAULT_STEP_IMAGE,
  type IKubernetesOptions
} from './kubernetesOptions.js';

/** What the Kubernetes options resolve to, exactly as the executor resolves them. */
export interface IKubeSettings {
  kubeConfig: KubeConfig | null;
  /** Why there is no kubeconfig, in words; null when there is one. */
  unavailable: string | null;
  namespace: string;
  /** The configured step image (`--image`, `$CELLPIPE_STEP_IMAGE`, else the default). */
  image: string;
  artifactsClaim: string;
}

export function resolveKubeSettings(
  options: IKubernetesOptions,
  env: NodeJS.ProcessEnv = process.env
): IKubeSettings {
  let kc: KubeConfig | null = null;
  let unavailable: string | null = null;
  try {
    kc = loadKubeConfig(options.kubeconfig);
    if (!kc) {
      unavailable =
        'no Kubernetes configuration found (set KUBECONFIG, pass --kubeconfig, or run in a cluster)';
    }
  } catch (err) {
    unavailable = `cannot read the kubeconfig: ${(err as Error).message}`;
  }
  return {
    kubeConfig: kc,
    unavailable,
    namespace:
      options.namespace ??
      env.CELLPIPE_NAMESPACE ??
      kc?.getContextObject(kc.getCurrentContext())?.namespace ??
      'default',
    image: options.image ?? env.CELLPIPE_STEP_IMAGE ?? DEFAULT_STEP_IMAGE,
    artifactsClaim:
      options.artifactsClaim ??
      env.CELLPIPE_ARTIFACTS_CLAIM ??
      DEFAULT_ARTIFACTS_CLAIM
  };
}
