import { readFileSync } from 'node:fs';

import { CoreV1Api, type KubeConfig, type V1Pod } from './client.js';
import { describeKubeError } from './kubeErrors.js';
import {
  targetImage,
  type IImageChoice,
  type IOwnPodImage
} from './stepImage.js';

const SERVICE_ACCOUNT_NAMESPACE =
  '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/** Container names that say "this is the notebook (or Cellpipe) itself". */
const OWN_CONTAINER = /notebook|jupyter|cellpipe/i;

export interface IOwnPodPlace {
  namespace: string;
  name: string;
}

/**
 * The pod the server runs in, or null when it runs in none: `POD_NAME` and
 * `POD_NAMESPACE` (the downward API) first; else, inside a cluster
 * (`KUBERNETES_SERVICE_HOST`), `HOSTNAME`, which is the pod's name unless the
 * pod sets another, in the namespace of its service account.
 */
export function ownPodPlace(
  env: NodeJS.ProcessEnv = process.env,
  readNamespace: () => string | null = serviceAccountNamespace
): IOwnPodPlace | null {
  const inCluster = !!env.KUBERNETES_SERVICE_HOST;
  const name = env.POD_NAME || (inCluster ? env.HOSTNAME : undefined);
  if (!name || (!inCluster && !env.POD_NAMESPACE)) {
    return null;
  }
  const namespace = env.POD_NAMESPACE || readNamespace();
  return namespace ? { namespace, name } : null;
}

function serviceAccountNamespace(): string | null {
  try {
    return readFileSync(SERVICE_ACCOUNT_NAMESPACE, 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/**
 * The image steps should share with this pod. The container: the one
 * `CELLPIPE_CONTAINER` names, else the first whose name says notebook,
 * jupyter or cellpipe, else the first. The image: the digest the kubelet
 * pulled (`repo@sha256:…` from the status's imageID), so steps get exactly
 * these bytes even when the tag moved since, else the spec's image.
 */
export function podImage(
  pod: V1Pod,
  env: NodeJS.ProcessEnv = process.env
): IOwnPodImage | { error: string } {
  const where = `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
  const containers = pod.spec?.containers ?? [];
  const wanted = env.CELLPIPE_CONTAINER;
  const container = wanted
    ? containers.find(c => c.name === wanted)
    : (containers.find(c => OWN_CONTAINER.test(c.name)) ?? containers[0]);
  if (!container?.image) {
    return {
      error: wanted
        ? `pod ${where} has no container named ${wanted} (CELLPIPE_CONTAINER)`
        : `pod ${where} has no container with an image`
    };
  }
  const status = pod.status?.containerStatuses?.find(
    s => s.name === container.name
  );
  return {
    pod: where,
    container: container.name,
    image: pinnedImage(status?.imageID) ?? container.image
  };
}

/** `docker-pullable://repo@sha256:…` or `repo@sha256:…` -> `repo@sha256:…`; a bare id is no image reference. */
export function pinnedImage(imageID: string | undefined): string | null {
  const ref = (imageID ?? '').replace(/^[a-z-]+:\/\//, '');
  return /^[^@\s]+@sha256:[0-9a-f]{64}$/.test(ref) ? ref : null;
}

export type OwnPodOutcome =
  | { kind: 'none' }
  | { kind: 'found'; image: IOwnPodImage }
  | { kind: 'unreadable'; reason: string };

/** Reads the server's own pod through the API (needs `get pods` in its namespace). */
export async function readOwnPodImage(
  kc: KubeConfig,
  place: IOwnPodPlace | null,
  env: NodeJS.ProcessEnv = process.env
): Promise<OwnPodOutcome> {
  if (!place) {
    return { kind: 'none' };
  }
  try {
    const pod = await kc
      .makeApiClient(CoreV1Api)
      .readNamespacedPod({ name: place.name, namespace: place.namespace });
    const found = podImage(pod, env);
    return 'error' in found
      ? { kind: 'unreadable', reason: found.error }
      : { kind: 'found', image: found };
  } catch (err) {
    return {
      kind: 'unreadable',
      reason: `cannot read pod ${place.namespace}/${place.name}: ${describeKubeError(err).message}`
    };
  }
}

/**
 * The image of steps without their own on this target: the setting, else
 * the own pod's (read once per caller), else the default; a pod that cannot
 * be read is said in the source and warned about.
 */
export async function defaultStepImage(
  kc: KubeConfig | null,
  setting: { flag?: string; ownPod?: IOwnPodPlace | null },
  warn: (message: string) => void = () => undefined,
  env: NodeJS.ProcessEnv = process.env
): Promise<IImageChoice> {
  const inputs = { flag: setting.flag, env: env.CELLPIPE_STEP_IMAGE };
  if (inputs.flag || inputs.env || !kc) {
    return targetImage(inputs);
  }
  const place =
    setting.ownPod === undefined ? ownPodPlace(env) : setting.ownPod;
  const own = await readOwnPodImage(kc, place, env);
  if (own.kind === 'unreadable') {
    warn(`steps without runtime_image use the default image: ${own.reason}`);
    return { ...targetImage({}), source: `default (${own.reason})` };
  }
  return targetImage({ ownPod: own.kind === 'found' ? own.image : null });
}
