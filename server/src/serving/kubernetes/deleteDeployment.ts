import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig
} from '../../kube/client.js';

import { describeKubeError, isNotFound } from '../../kube/kubeErrors.js';
import type { DeploymentKind } from '../../contract/wire.js';
import { type KubeHandle, kserveResource } from './deployCalls.js';
import { modelServerConfigMapName } from './modelServerSpec.js';

type Deletion = [what: string, remove: () => Promise<unknown>];

/**
 * The InferenceService, or the model server's Service, Deployment and
 * ConfigMap (the garbage collector takes the pods); missing ones are
 * fine. Throws the other failures in words.
 */
export async function deleteObjects(
  kc: KubeConfig,
  kind: DeploymentKind,
  handle: KubeHandle
): Promise<void> {
  const deletions =
    kind === 'inference-service'
      ? inferenceServiceDeletions(kc, handle)
      : modelServerDeletions(kc, handle);
  const problems: string[] = [];
  await Promise.all(
    deletions.map(async ([what, remove]) => {
      try {
        await remove();
      } catch (err) {
        if (!isNotFound(err)) {
          problems.push(`${what}: ${describeKubeError(err).message}`);
        }
      }
    })
  );
  if (problems.length > 0) {
    throw new Error(`could not delete ${problems.join('; ')}`);
  }
}

function inferenceServiceDeletions(
  kc: KubeConfig,
  { namespace, object: name }: KubeHandle
): Deletion[] {
  const custom = kc.makeApiClient(CustomObjectsApi);
  return [
    [
      `InferenceService ${name}`,
      () =>
        custom.deleteNamespacedCustomObject({
          ...kserveResource(namespace),
          name
        })
    ]
  ];
}

function modelServerDeletions(
  kc: KubeConfig,
  { namespace, object: name }: KubeHandle
): Deletion[] {
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const propagationPolicy = 'Background';
  const cm = modelServerConfigMapName(name);
  return [
    [
      `Service ${name}`,
      () => core.deleteNamespacedService({ name, namespace })
    ],
    [
      `Deployment ${name}`,
      () =>
        apps.deleteNamespacedDeployment({ name, namespace, propagationPolicy })
    ],
    [
      `ConfigMap ${cm}`,
      () =>
        core.deleteNamespacedConfigMap({
          name: cm,
          namespace,
          propagationPolicy
        })
    ]
  ];
}
