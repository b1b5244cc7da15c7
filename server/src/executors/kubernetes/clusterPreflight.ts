import { BatchV1Api, CoreV1Api, type KubeConfig } from '../../kube/client.js';

import { ValidationError } from '../../errors.js';
import { MANAGED_BY, MANAGER } from '../../kube/labels.js';
import { describeKubeError, type IKubeFailure } from '../../kube/kubeErrors.js';

export interface IPreflightTarget {
  kubeConfig: KubeConfig;
  namespace: string;
  image: string;
  artifactsClaim: string;
  /** Artifacts in a bucket: the pods mount no claim, so none is checked. */
  bucket: boolean;
}

const PROBE_NAME = 'cellpipe-preflight';

/**
 * Refuses a run before anything is created when the namespace is missing or
 * forbidden, or (claim mode) the artifacts claim is missing or lost. The
 * objects a run creates are tried with `dryRun` (the API server checks the
 * namespace, the credentials, RBAC and admission, and stores nothing), so
 * no permission beyond the documented Role is needed. A cluster that does
 * not answer is not refused here: the steps wait for it as they always do.
 */
export async function clusterPreflight(
  target: IPreflightTarget
): Promise<void> {
  const failure = (await tryCreates(target)) ?? (await claimProblem(target));
  if (failure) {
    throw new ValidationError(failure);
  }
}

async function tryCreates(target: IPreflightTarget): Promise<string | null> {
  const { kubeConfig: kc, namespace } = target;
  const metadata = { name: PROBE_NAME, labels: { [MANAGED_BY]: MANAGER } };
  try {
    await kc.makeApiClient(CoreV1Api).createNamespacedConfigMap({
      namespace,
      dryRun: 'All',
      body: { metadata, data: {} }
    });
    await kc.makeApiClient(BatchV1Api).createNamespacedJob({
      namespace,
      dryRun: 'All',
      body: {
        metadata,
        spec: {
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'step', image: target.image }]
            }
          }
        }
      }
    });
    return null;
  } catch (err) {
    return createProblem(describeKubeError(err), target);
  }
}

function createProblem(
  failure: IKubeFailure,
  { namespace }: IPreflightTarget
): string | null {
  // A full quota may free up; the steps wait or fail on it as before.
  if (failure.unreachable || /quota is exceeded/.test(failure.message)) {
    return null;
  }
  if (failure.status === 404) {
    return (
      `namespace "${namespace}" does not exist (${failure.message}): create it ` +
      `(kubectl create namespace ${namespace}) or choose another with --namespace, ` +
      'CELLPIPE_NAMESPACE or the kubeconfig context'
    );
  }
  if (failure.status === 403) {
    return (
      `Kubernetes runs in namespace "${namespace}" are ${failure.message}: bind the Role ` +
      'of docs/kubernetes-rbac.yaml to this user or ServiceAccount in that namespace'
    );
  }
  if (failure.status === 401) {
    return `${failure.message}: renew the kubeconfig's credentials (kubectl get ns says the same)`;
  }
  return `a Kubernetes run in namespace "${namespace}" cannot be created: ${failure.message}`;
}

async function claimProblem(target: IPreflightTarget): Promise<string | null> {
  if (target.bucket) {
    return null;
  }
  const { artifactsClaim: name, namespace } = target;
  const fix =
    `create a ReadWriteMany PersistentVolumeClaim "${name}" there (docs/kubernetes.md), ` +
    'name an existing one with --artifacts-claim or CELLPIPE_ARTIFACTS_CLAIM, ' +
    'or keep artifacts in a bucket (CELLPIPE_ARTIFACTS=s3://…, docs/storage.md)';
  try {
    const pvc = await target.kubeConfig
      .makeApiClient(CoreV1Api)
      .readNamespacedPersistentVolumeClaim({ name, namespace });
    // Pending is normal for WaitForFirstConsumer storage: it binds with the first pod.
    return pvc.status?.phase === 'Lost'
      ? `the artifacts claim "${name}" in namespace "${namespace}" lost its volume: ${fix}`
      : null;
  } catch (err) {
    const failure = describeKubeError(err);
    if (failure.unreachable) {
      return null;
    }
    return failure.status === 404
      ? `the artifacts claim "${name}" does not exist in namespace "${namespace}": ${fix}`
      : `the artifacts claim "${name}" in namespace "${namespace}" cannot be read (${failure.message}): ${fix}`;
  }
}
