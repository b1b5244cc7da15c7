import { KubeConfig } from '@kubernetes/client-node';

import { findKubeConfig, NO_KUBE_CONFIG } from './kubeConfigSource.js';
import {
  DEFAULT_ARTIFACTS_CLAIM,
  DEFAULT_STEP_IMAGE,
  type IKubernetesOptions
} from './kubernetesOptions.js';

/** A kubeconfig, or null when none is found (the target is then unavailable). */
export function loadKubeConfig(path?: string): KubeConfig | null {
  const source = findKubeConfig(path);
  if (source.kind === 'none') {
    return null;
  }
  const kc = new KubeConfig();
  if (source.kind === 'file') {
    kc.loadFromFile(source.file);
  } else {
    kc.loadFromCluster();
  }
  return kc;
}

/** What the Kubernetes options resolve to, for the executor and the deploy target alike. */
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
      unavailable = NO_KUBE_CONFIG;
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
