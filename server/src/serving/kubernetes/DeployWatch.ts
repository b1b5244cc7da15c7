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
} from '@kubernetes/client-node';
import type { Logger } from 'pino';

import type { IWatchedInferenceService } from './inferenceServiceStatus.js';
import { DEPLOYMENT_SELECTOR, LabelWatch } from '../../kube/LabelWatch.js';

export const KSERVE_GROUP = 'serving.kserve.io';
export const KSERVE_VERSION = 'v1beta1';
export const KSERVE_PLURAL = 'inferenceservices';

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
    this.deployments = new LabelWatch(
      'deployments',
      () =>
        makeInformer<V1Deployment>(
          kc,
          `/apis/apps/v1/namespaces/${namespace}/deployments`,
          () => apps.listNamespacedDeployment({ namespace, labelSelector }),
          labelSelector
        ),
      logger
    );
    this.pods = new LabelWatch(
      'pods',
      () =>
        makeInformer<V1Pod>(
          kc,
          `/api/v1/namespaces/${namespace}/pods`,
          () => core.listNamespacedPod({ namespace, labelSelector }),
          labelSelector
        ),
      logger
    );
    this.inferenceServices = new LabelWatch(
      'inferenceservices',
      () =>
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
        ),
      logger
    );
  }

  async stop(): Promise<void> {
    await Promise.all([
      this.deployments.stop(),
      this.pods.stop(),
      this.inferenceServices.stop()
    ]);
  }
}
