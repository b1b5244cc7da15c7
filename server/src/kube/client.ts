/**
 * The one door to `@kubernetes/client-node` for the Kubernetes halves of the
 * executors and of serving (lint allows the package nowhere else in
 * production code), so the client library can be swapped or loaded lazily
 * in one place. Add a name here when a new API or type is needed.
 */
export {
  ApiException,
  AppsV1Api,
  BatchV1Api,
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  Log,
  makeInformer,
  PatchStrategy,
  setHeaderOptions,
  V1MicroTime
} from '@kubernetes/client-node';
export type {
  Informer,
  KubernetesListObject,
  KubernetesObject,
  ObjectCache,
  V1ConfigMap,
  V1Container,
  V1ContainerStatus,
  V1Deployment,
  V1DeploymentCondition,
  V1EnvVar,
  V1Job,
  V1Lease,
  V1ObjectMeta,
  V1OwnerReference,
  V1Pod,
  V1PodSpec,
  V1ResourceRequirements,
  V1Service,
  V1Volume
} from '@kubernetes/client-node';
