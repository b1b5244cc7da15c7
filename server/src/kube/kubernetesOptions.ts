/** How the Kubernetes target is configured (CLI flags, environment, defaults). */
export interface IKubernetesOptions {
  /** A kubeconfig file; default: `$KUBECONFIG`, `~/.kube/config`, else the in-cluster config. */
  kubeconfig?: string;
  /** Where Jobs run; default: `$CELLPIPE_NAMESPACE`, the kubeconfig context's namespace, else `default`. */
  namespace?: string;
  /** Image of steps without `runtime_image`; default `$CELLPIPE_STEP_IMAGE` or `python:3.11-slim`. */
  image?: string;
  /** PersistentVolumeClaim the step pods mount for artifacts; default `$CELLPIPE_ARTIFACTS_CLAIM` or `cellpipe-artifacts`. */
  artifactsClaim?: string;
  /** How long the run keeps retrying while the API server is unreachable; default 60 s. */
  unreachableGraceMs?: number;
  /** How long a pod may stay unschedulable before its step fails; default 120 s. */
  unschedulableGraceMs?: number;
}

export const DEFAULT_STEP_IMAGE = 'python:3.11-slim';
export const DEFAULT_ARTIFACTS_CLAIM = 'cellpipe-artifacts';
/** Where pods see the artifact volume and the run's programs. */
export const ARTIFACTS_MOUNT = '/cellpipe/artifacts';
export const PROGRAM_MOUNT = '/cellpipe/program';
/** The step's working directory in the pod (an emptyDir: pods share no notebook folder). */
export const WORK_DIR = '/cellpipe/work';
