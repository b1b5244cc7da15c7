import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { V1Job, V1Pod } from '@kubernetes/client-node';

import {
  jobVerdict,
  pendingProblem,
  podFailure,
  podStarted
} from './podStatus.js';

function pod(status: V1Pod['status'], extra: Partial<V1Pod> = {}): V1Pod {
  return {
    metadata: {
      name: 'p',
      creationTimestamp: new Date('2026-11-29T00:00:00Z')
    },
    spec: { containers: [{ name: 'step', image: 'python:3.11-slim' }] },
    status,
    ...extra
  };
}

const failedPod = (terminated: object): V1Pod =>
  pod({
    phase: 'Failed',
    containerStatuses: [
      {
        name: 'step',
        image: 'i',
        imageID: '',
        ready: false,
        restartCount: 0,
        state: { terminated: terminated as never }
      }
    ]
  });

const job = (type: string, reason?: string, deadline?: number): V1Job => ({
  spec: { template: {}, ...(deadline && { activeDeadlineSeconds: deadline }) },
  status: { conditions: [{ type, status: 'True', reason }] }
});

describe('pod and Job states in words', () => {
  test('Complete is success; a running Job has no verdict yet', () => {
    assert.deepEqual(jobVerdict(job('Complete'), []), { status: 'succeeded' });
    assert.equal(jobVerdict({ status: {} }, []), null);
  });

  test('DeadlineExceeded is a timeout with the deadline', () => {
    assert.deepEqual(jobVerdict(job('Failed', 'DeadlineExceeded', 30), []), {
      status: 'failed',
      reason: 'timed out after 30 s',
      error: { kind: 'timeout', message: 'timed out after 30 s' }
    });
  });

  test('a failed Job is explained by its last pod', () => {
    const verdict = jobVerdict(job('Failed', 'BackoffLimitExceeded'), [
      failedPod({ exitCode: 3, reason: 'Error' })
    ]);
    assert.equal(
      verdict?.status === 'failed' && verdict.reason,
      'exited with code 3'
    );
  });

  test('OOMKilled names the memory limit', () => {
    const p = failedPod({ exitCode: 137, reason: 'OOMKilled' });
    p.spec!.containers[0].resources = { limits: { memory: '1Gi' } };
    assert.equal(podFailure(p), 'ran out of memory (OOMKilled, limit 1Gi)');
  });

  test('an evicted pod says so, with the kubelet message', () => {
    const p = pod({
      phase: 'Failed',
      reason: 'Evicted',
      message: 'low on ephemeral-storage'
    });
    assert.equal(
      podFailure(p),
      'the pod was evicted: low on ephemeral-storage'
    );
  });

  test('image pull back-off is fatal and names the image; a first pull error is not', () => {
    const waiting = (reason: string) =>
      pod({
        phase: 'Pending',
        containerStatuses: [
          {
            name: 'step',
            image: 'i',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { waiting: { reason, message: 'not found' } }
          }
        ]
      });
    assert.deepEqual(pendingProblem(waiting('ImagePullBackOff')), {
      fatal: true,
      message:
        'cannot pull image "python:3.11-slim" (ImagePullBackOff): not found'
    });
    assert.equal(pendingProblem(waiting('ErrImagePull'))?.fatal, false);
    assert.deepEqual(pendingProblem(waiting('CreateContainerConfigError')), {
      fatal: true,
      message:
        'cannot create the container (CreateContainerConfigError): not found'
    });
  });

  test("unschedulable is not fatal by itself and carries the scheduler's message", () => {
    const p = pod({
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message: '0/1 nodes are available: 1 Insufficient nvidia.com/gpu.'
        }
      ]
    });
    assert.deepEqual(pendingProblem(p), {
      fatal: false,
      message:
        'cannot be scheduled: 0/1 nodes are available: 1 Insufficient nvidia.com/gpu.'
    });
    assert.equal(podStarted(p), false);
    p.status!.conditions![0].message =
      '0/1 nodes are available: persistentvolumeclaim "cellpipe-artifacts" not found.';
    assert.deepEqual(
      { ...pendingProblem(p), message: undefined },
      { fatal: false, graceMs: 10_000, message: undefined },
      'a missing claim gets a short grace (the scheduler may lag behind a new claim)'
    );
  });

  test('a pod has started once it runs or has finished', () => {
    assert.equal(podStarted(pod({ phase: 'Running' })), true);
    assert.equal(podStarted(pod({ phase: 'Succeeded' })), true);
    assert.equal(podStarted(failedPod({ exitCode: 1 })), true);
  });
});
