import type {
  V1ContainerStatus,
  V1Deployment,
  V1DeploymentCondition,
  V1Pod
} from '@kubernetes/client-node';

/*
 * The Deployment and pods the modelServerStatus.*.test.ts files describe;
 * not part of the server.
 */

export const URL_ = 'http://churn.ml.svc.cluster.local';

export function deployment(
  conditions: Array<Partial<V1DeploymentCondition>>,
  readyReplicas = 0,
  progressDeadlineSeconds?: number
): V1Deployment {
  return {
    metadata: { name: 'churn' },
    spec: {
      replicas: 1,
      selector: {},
      template: {},
      ...(progressDeadlineSeconds && { progressDeadlineSeconds })
    },
    status: {
      readyReplicas,
      conditions: conditions as V1DeploymentCondition[]
    }
  };
}

export const AVAILABLE = [
  { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }
];
export const UNAVAILABLE = [
  { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' }
];

export function pod(
  phase: string,
  container: Partial<V1ContainerStatus> | null,
  extra: Partial<V1Pod['status']> = {},
  memoryLimit?: string
): V1Pod {
  return {
    metadata: { name: 'churn-5f-abc', creationTimestamp: new Date(1000) },
    spec: {
      containers: [
        {
          name: 'model',
          image: 'registry.example/ml:1',
          ...(memoryLimit && { resources: { limits: { memory: memoryLimit } } })
        }
      ]
    },
    status: {
      phase,
      ...(container && {
        containerStatuses: [
          {
            name: 'model',
            image: 'registry.example/ml:1',
            imageID: '',
            ready: false,
            restartCount: 0,
            ...container
          }
        ]
      }),
      ...extra
    }
  };
}
