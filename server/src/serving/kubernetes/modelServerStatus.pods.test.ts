import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  AVAILABLE,
  deployment,
  pod,
  UNAVAILABLE,
  URL_
} from './modelServerStatus.fixture.js';
import { modelServerState } from './modelServerStatus.js';

/*
 * The model server's pod in words: scheduling, starting, image pulls,
 * crashes and restarts, and which pod speaks.
 */

describe('model server Deployment status in words', () => {
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
