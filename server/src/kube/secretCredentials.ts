import { StorageUnavailableError } from '../errors.js';
import type { IKubernetesOptions } from './kubernetesOptions.js';

export interface IS3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * The Secret's keys: AWS's own variable names, which KServe's S3 storage
 * credentials use as well, so one Secret serves steps and deployments.
 */
const KEYS = {
  accessKeyId: 'AWS_ACCESS_KEY_ID',
  secretAccessKey: 'AWS_SECRET_ACCESS_KEY',
  sessionToken: 'AWS_SESSION_TOKEN'
} as const;
/** Read again after this long, so a rotated Secret is picked up. */
const REREAD_MS = 5 * 60_000;

/** `name` or `namespace/name`; the namespace defaults to the Kubernetes target's. */
export function parseSecretRef(
  ref: string,
  namespace: string
): { namespace: string; name: string } {
  const [first, second] = ref.split('/');
  return second === undefined
    ? { namespace, name: first }
    : { namespace: first, name: second };
}

/** The credentials in a Secret's `data` (base64), or what to fix. */
export function credentialsFromSecret(
  where: string,
  data: Record<string, string> | undefined
): IS3Credentials {
  const read = (key: string) =>
    data?.[key] ? Buffer.from(data[key], 'base64').toString('utf8') : '';
  const accessKeyId = read(KEYS.accessKeyId);
  const secretAccessKey = read(KEYS.secretAccessKey);
  if (!accessKeyId || !secretAccessKey) {
    throw new StorageUnavailableError(
      'credentials',
      `Secret ${where} lacks ${KEYS.accessKeyId} or ${KEYS.secretAccessKey}: ` +
        `kubectl create secret generic ${where.split('/')[1]} -n ${where.split('/')[0]} ` +
        `--from-literal=${KEYS.accessKeyId}=... --from-literal=${KEYS.secretAccessKey}=...`
    );
  }
  const sessionToken = read(KEYS.sessionToken);
  return {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken ? { sessionToken } : {})
  };
}

/**
 * Credentials read from a Kubernetes Secret through the kube client (loaded
 * on first use), cached for a few minutes: an AWS SDK credentials provider.
 */
export function secretCredentials(
  ref: string,
  options: IKubernetesOptions
): () => Promise<IS3Credentials> {
  let cached: { at: number; value: Promise<IS3Credentials> } | undefined;
  return () => {
    if (!cached || Date.now() - cached.at > REREAD_MS) {
      const value = readSecret(ref, options);
      cached = { at: Date.now(), value };
      value.catch(() => (cached = undefined)); // a failure is not kept
    }
    return cached.value;
  };
}

async function readSecret(
  ref: string,
  options: IKubernetesOptions
): Promise<IS3Credentials> {
  const { resolveKubeSettings } = await import('./kubeSettings.js');
  const { CoreV1Api } = await import('./client.js');
  const { describeKubeError } = await import('./kubeErrors.js');
  const settings = resolveKubeSettings(options);
  const { namespace, name } = parseSecretRef(ref, settings.namespace);
  const where = `${namespace}/${name}`;
  if (!settings.kubeConfig) {
    throw new StorageUnavailableError(
      'credentials',
      `cannot read Secret ${where} for the bucket: ${settings.unavailable}`
    );
  }
  try {
    const secret = await settings.kubeConfig
      .makeApiClient(CoreV1Api)
      .readNamespacedSecret({ name, namespace });
    return credentialsFromSecret(where, secret.data);
  } catch (err) {
    if (err instanceof StorageUnavailableError) {
      throw err;
    }
    const failure = describeKubeError(err);
    throw new StorageUnavailableError(
      failure.unreachable ? 'unreachable' : 'credentials',
      `cannot read Secret ${where} with the bucket's credentials: ${failure.message}`
    );
  }
}
