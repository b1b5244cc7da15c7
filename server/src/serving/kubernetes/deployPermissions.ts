import type { REQUIRED_PERMISSIONS } from '../../kube/ClusterProbe.js';

/**
 * Exactly what the Kubernetes deploy target does in its namespace: the
 * Role `cellpipe-deployer` in docs/kubernetes-rbac.yaml grants these and
 * nothing else (the tests compare the two). Finding KServe uses API
 * discovery (`/apis/serving.kserve.io/v1beta1`), which every authenticated
 * user may read, so no cluster-wide permission is needed.
 */
export const DEPLOY_PERMISSIONS: typeof REQUIRED_PERMISSIONS = [
  // KServe: created; read and patched for a canary; watched; deleted.
  { verb: 'create', group: 'serving.kserve.io', resource: 'inferenceservices' },
  { verb: 'get', group: 'serving.kserve.io', resource: 'inferenceservices' },
  { verb: 'list', group: 'serving.kserve.io', resource: 'inferenceservices' },
  { verb: 'watch', group: 'serving.kserve.io', resource: 'inferenceservices' },
  { verb: 'patch', group: 'serving.kserve.io', resource: 'inferenceservices' },
  { verb: 'delete', group: 'serving.kserve.io', resource: 'inferenceservices' },
  // Without KServe: the model server's code (owner of the rest), its
  // Deployment and Service; the Deployment and its pods are watched.
  { verb: 'create', group: '', resource: 'configmaps' },
  { verb: 'delete', group: '', resource: 'configmaps' },
  { verb: 'create', group: 'apps', resource: 'deployments' },
  { verb: 'list', group: 'apps', resource: 'deployments' },
  { verb: 'watch', group: 'apps', resource: 'deployments' },
  { verb: 'delete', group: 'apps', resource: 'deployments' },
  { verb: 'create', group: '', resource: 'services' },
  { verb: 'delete', group: '', resource: 'services' },
  { verb: 'list', group: '', resource: 'pods' },
  { verb: 'watch', group: '', resource: 'pods' },
  // Test requests go through the API server's service proxy (GET and POST).
  { verb: 'get', group: '', resource: 'services', subresource: 'proxy' },
  { verb: 'create', group: '', resource: 'services', subresource: 'proxy' }
];
