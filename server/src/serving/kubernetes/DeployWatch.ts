import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
  makeInformer,
  type V1Deployment,
  type V1Pod
} from '../../kube/client.js';
import type { Logger } from 'pino';

import type { IWatchedInferenceService } from './inferenceServiceStatus.js';
import { LabelWatch } from '../../kube/LabelWatch.js';
import { DEPLOYMENT_LABEL } from './deploymentInput.js';

export const KSERVE_GROUP = 'serving.kserve.io';
export const KSERVE_VERSION = 'v1beta1';
export const KSERVE_PLURAL = 'inferenceservices';

/** Objects carrying the deployment label, selected by it (any value). */
export const DEPLOYMENT_SELECTOR = DEPLOYMENT_LABEL;

export type InferenceServiceObject = KubernetesObject &
  IWatchedInferenceService;

/**
 * The watches of one namespace's deployments: the model servers'
 * Deployments and pods, and InferenceServices (only once one is deployed or
 * resumed, since the resource exists only where KServe is installed). Every
 * deployment of the namespace is followed through these three informers.
 */
export class DeployWatch {
  readonly deployments: LabelWatch<V1Deployment>;
  readonly pods: LabelWatch<V1Pod>;
  readonly inferenceServices: LabelWatch<InferenceServiceObject>;

  constructor(
    kc: KubeConfig,
    readonly namespace: string,
    logger: Logger
  ) {
    const apps = kc.makeApiClient(AppsV1Api);
    const core = kc.makeApiClient(CoreV1Api);
    const custom = kc.makeApiClient(CustomObjectsApi);
    const labelSelector = DEPLOYMENT_SELECTOR;
    const byDeployment = (obj: KubernetesObject) =>
      obj.metadata?.labels?.[DEPLOYMENT_LABEL];
    this.deployments = new LabelWatch({
      what: 'deployments',
      groupBy: byDeployment,
      logger,
      make: () =>
        makeInformer<V1Deployment>(
          kc,
          `/apis/apps/v1/namespaces/${namespace}/deployments`,
          () => apps.listNamespacedDeployment({ namespace, labelSelector }),
          labelSelector
        )
    });
    this.pods = new LabelWatch({
      what: 'pods',
      groupBy: byDeployment,
      logger,
      make: () =>
        makeInformer<V1Pod>(
          kc,
          `/api/v1/namespaces/${namespace}/pods`,
          () => core.listNamespacedPod({ namespace, labelSelector }),
          labelSelector
        )
    });
    this.inferenceServices = new LabelWatch({
      what: 'inferenceservices',
      groupBy: byDeployment,
      logger,
      make: () =>
        makeInformer<InferenceServiceObject>(
          kc,
          `/apis/${KSERVE_GROUP}/${KSERVE_VERSION}/namespaces/${namespace}/${KSERVE_PLURAL}`,
          () =>
            custom.listNamespacedCustomObject({
              group: KSERVE_GROUP,
              version: KSERVE_VERSION,
              namespace,
              plural: KSERVE_PLURAL,
              labelSelector
            }) as Promise<KubernetesListObject<InferenceServiceObject>>,
          labelSelector
        )
    });
  }

  async stop(): Promise<void> {
    await Promise.all([
      this.deployments.stop(),
      this.pods.stop(),
      this.inferenceServices.stop()
    ]);
  }
}
