import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type {
  V1ContainerStatus,
  V1Deployment,
  V1DeploymentCondition,
  V1Pod
} from '@kubernetes/client-node';

import { modelServerState } from './modelServerStatus.js';

const URL_ = 'http://churn.ml.svc.cluster.local';

function deployment(
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

const AVAILABLE = [
  { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }
];
const UNAVAILABLE = [
  { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' }
];

function pod(
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

describe('model server Deployment status in words', () => {
  test('ready: Available with a ready replica, and the url', () => {
    assert.deepEqual(
      modelServerState(deployment(AVAILABLE, 1), [], false, URL_),
      {
        status: 'ready',
        reason: null,
        url: URL_
      }
    );
  });

  test('Available without a ready replica is not ready (maxUnavailable rounds down to 0 only for 1 replica)', () => {
    assert.equal(
      modelServerState(deployment(AVAILABLE, 0), [], false, URL_).status,
      'deploying'
    );
  });

  test('no pod yet, a pod waiting to be scheduled, a pod starting, a pod loading the model', () => {
    const d = deployment(UNAVAILABLE);
    assert.equal(
      modelServerState(d, [], false, URL_).reason,
      'waiting for the model server’s pod to be created'
    );
    assert.equal(
      modelServerState(d, [pod('Pending', null)], false, URL_).reason,
      '0 of 1 model server ready; its pod is waiting to be scheduled'
    );
    assert.equal(
      modelServerState(
        d,
        [
          pod('Pending', null, {
            conditions: [{ type: 'PodScheduled', status: 'True' }]
          })
        ],
        false,
        URL_
      ).reason,
      '0 of 1 model server ready; its pod is starting'
    );
    assert.equal(
      modelServerState(
        d,
        [pod('Running', { state: { running: {} } })],
        false,
        URL_
      ).reason,
      '0 of 1 model server ready; its pod is running, the model is loading'
    );
  });

  test('an image that cannot be pulled fails at once, with the kubelet’s message', () => {
    const state = modelServerState(
      deployment(UNAVAILABLE),
      [
        pod('Pending', {
          state: {
            waiting: {
              reason: 'ImagePullBackOff',
              message: 'Back-off pulling image "registry.example/ml:1"'
            }
          }
        })
      ],
      false,
      URL_
    );
    assert.deepEqual(state, {
      status: 'failed',
      reason:
        'cannot pull image "registry.example/ml:1" (ImagePullBackOff): Back-off pulling image "registry.example/ml:1"',
      url: URL_
    });
  });

  test('ErrImagePull is a wait (the kubelet tries again), in words', () => {
    const state = modelServerState(
      deployment(UNAVAILABLE),
      [pod('Pending', { state: { waiting: { reason: 'ErrImagePull' } } })],
      false,
      URL_
    );
    assert.equal(state.status, 'deploying');
    assert.match(state.reason ?? '', /cannot pull image .*ErrImagePull/);
  });

  test('a crash loop fails with the last exit: code and message, or OOMKilled with the limit', () => {
    const crashing = modelServerState(
      deployment(UNAVAILABLE),
      [
        pod('Running', {
          restartCount: 4,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: {
            terminated: {
              exitCode: 1,
              reason: 'Error',
              message: "ModuleNotFoundError: No module named 'sklearn'"
            }
          }
        })
      ],
      false,
      URL_
    );
    assert.deepEqual(crashing, {
      status: 'failed',
      reason:
        "the model server keeps crashing (CrashLoopBackOff, 4 restarts): exited with code 1: ModuleNotFoundError: No module named 'sklearn'",
      url: URL_
    });
    const oom = modelServerState(
      deployment(AVAILABLE, 0),
      [
        pod(
          'Running',
          {
            restartCount: 2,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } }
          },
          {},
          '512Mi'
        )
      ],
      true,
      URL_
    );
    assert.equal(
      oom.reason,
      'the model server keeps crashing (CrashLoopBackOff, 2 restarts): ran out of memory (OOMKilled, limit 512Mi)'
    );
  });

  test('a restart after having been ready is unready, with why it restarted', () => {
    const state = modelServerState(
      deployment(UNAVAILABLE),
      [
        pod('Running', {
          restartCount: 1,
          state: { running: {} },
          lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } }
        })
      ],
      true,
      URL_
    );
    assert.deepEqual(state, {
      status: 'unready',
      reason:
        'the model server restarted (1 times); last time it ran out of memory (OOMKilled)',
      url: URL_
    });
  });

  test('a pod that cannot be scheduled is a wait, with the scheduler’s message', () => {
    const state = modelServerState(
      deployment(UNAVAILABLE),
      [
        pod('Pending', null, {
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              reason: 'Unschedulable',
              message: '0/3 nodes are available: 3 Insufficient nvidia.com/gpu.'
            }
          ]
        })
      ],
      false,
      URL_
    );
    assert.deepEqual(state, {
      status: 'deploying',
      reason:
        'cannot be scheduled: 0/3 nodes are available: 3 Insufficient nvidia.com/gpu.',
      url: URL_
    });
  });

  test('pods the ReplicaSet cannot create (quota) fail with the message', () => {
    const state = modelServerState(
      deployment([
        ...UNAVAILABLE,
        {
          type: 'ReplicaFailure',
          status: 'True',
          reason: 'FailedCreate',
          message:
            'pods "churn-5f-abc" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2'
        }
      ]),
      [],
      false,
      URL_
    );
    assert.equal(state.status, 'failed');
    assert.match(
      state.reason ?? '',
      /^cannot create the model server's pods: pods "churn-5f-abc" is forbidden: exceeded quota/
    );
  });

  test('the progress deadline passed: failed, with the pod’s trouble when there is one', () => {
    const state = modelServerState(
      deployment(
        [
          ...UNAVAILABLE,
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded'
          }
        ],
        0,
        300
      ),
      [pod('Running', { state: { running: {} } })],
      false,
      URL_
    );
    assert.deepEqual(state, {
      status: 'failed',
      reason: 'no model server became ready within 300 s',
      url: URL_
    });
  });

  test('the newest pod speaks; pods being deleted do not', () => {
    const old = pod('Pending', {
      state: { waiting: { reason: 'ImagePullBackOff' } }
    });
    old.metadata!.creationTimestamp = new Date(0);
    const deleting = pod('Running', {
      state: { waiting: { reason: 'CrashLoopBackOff' } }
    });
    deleting.metadata!.creationTimestamp = new Date(5000);
    deleting.metadata!.deletionTimestamp = new Date(6000);
    const fresh = pod('Running', { state: { running: {} } });
    fresh.metadata!.creationTimestamp = new Date(2000);
    const state = modelServerState(
      deployment(UNAVAILABLE),
      [old, deleting, fresh],
      false,
      URL_
    );
    assert.equal(state.status, 'deploying');
    assert.match(state.reason ?? '', /the model is loading/);
  });
});
