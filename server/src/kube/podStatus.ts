import type { V1Job, V1Pod } from '@kubernetes/client-node';

import type { IStepError } from '../contract/wire.js';

/** What a finished Job means for its step. */
export type JobVerdict =
  | { status: 'succeeded' }
  | { status: 'failed'; reason: string; error: IStepError };

/** What keeps a pending pod from starting, in words; `fatal` ends the step. */
export interface IPendingProblem {
  fatal: boolean;
  /** Waits shorter than the usual unschedulable grace for this one. */
  graceMs?: number;
  message: string;
}

const MISSING_CLAIM_GRACE_MS = 10_000;

const FATAL_WAITING = new Set([
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
  'CreateContainerConfigError',
  'CreateContainerError'
]);

function condition(job: V1Job, type: string): boolean {
  return (job.status?.conditions ?? []).some(
    c => c.type === type && c.status === 'True'
  );
}

/** The Job's outcome once the Job controller has decided it; null while it runs. */
export function jobVerdict(
  job: V1Job,
  pods: readonly V1Pod[]
): JobVerdict | null {
  if (condition(job, 'Complete')) {
    return { status: 'succeeded' };
  }
  const failed = (job.status?.conditions ?? []).find(
    c =>
      (c.type === 'Failed' || c.type === 'FailureTarget') && c.status === 'True'
  );
  if (!failed) {
    return null;
  }
  if (failed.reason === 'DeadlineExceeded') {
    const message = `timed out after ${job.spec?.activeDeadlineSeconds ?? '?'} s`;
    return {
      status: 'failed',
      reason: message,
      error: { kind: 'timeout', message }
    };
  }
  const last = [...pods].sort(byCreation).at(-1);
  const why = last ? podFailure(last) : null;
  const message =
    why ??
    `the Job failed: ${failed.reason ?? 'no reason given'}${failed.message ? ` (${failed.message})` : ''}`;
  return {
    status: 'failed',
    reason: message,
    error: { kind: 'exit', message }
  };
}

/** Why a failed pod failed: OOM, exit code, eviction. Null when it did not fail. */
export function podFailure(pod: V1Pod): string | null {
  if (pod.status?.phase !== 'Failed') {
    return null;
  }
  const terminated = pod.status.containerStatuses?.[0]?.state?.terminated;
  if (terminated?.reason === 'OOMKilled') {
    const limit = pod.spec?.containers[0]?.resources?.limits?.memory;
    return `ran out of memory (OOMKilled${limit ? `, limit ${limit}` : ''})`;
  }
  if (terminated) {
    const detail = terminated.message?.trim();
    return `exited with code ${terminated.exitCode}${detail ? `: ${detail}` : ''}`;
  }
  if (pod.status.reason) {
    return `the pod ${pod.status.reason === 'Evicted' ? 'was evicted' : `failed (${pod.status.reason})`}${pod.status.message ? `: ${pod.status.message}` : ''}`;
  }
  return 'the pod failed';
}

/** Why a pod has not started yet (image, secrets, scheduling); null when nothing is wrong. */
export function pendingProblem(pod: V1Pod): IPendingProblem | null {
  const waiting = pod.status?.containerStatuses?.[0]?.state?.waiting;
  if (
    waiting?.reason &&
    (FATAL_WAITING.has(waiting.reason) || waiting.reason === 'ErrImagePull')
  ) {
    const image = pod.spec?.containers[0]?.image ?? '?';
    const what = waiting.reason.includes('Image')
      ? `cannot pull image "${image}"`
      : 'cannot create the container';
    return {
      fatal: FATAL_WAITING.has(waiting.reason),
      message: `${what} (${waiting.reason})${waiting.message ? `: ${waiting.message}` : ''}`
    };
  }
  const scheduled = pod.status?.conditions?.find(
    c => c.type === 'PodScheduled'
  );
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    const message = scheduled.message ?? 'no node fits';
    // A missing claim rarely appears by waiting (unlike a node or a GPU), but
    // the scheduler's cache may lag behind a claim that was just created.
    const missingClaim = /persistentvolumeclaim "[^"]+" not found/.test(
      message
    );
    return {
      fatal: false,
      ...(missingClaim && { graceMs: MISSING_CLAIM_GRACE_MS }),
      message: `cannot be scheduled: ${message}`
    };
  }
  return null;
}

/** True once the container runs or ran (the try has started). */
export function podStarted(pod: V1Pod): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Running' || phase === 'Succeeded') {
    return true;
  }
  const state = pod.status?.containerStatuses?.[0]?.state;
  return phase === 'Failed' || !!state?.running || !!state?.terminated;
}

export function podFinished(pod: V1Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

export function byCreation(a: V1Pod, b: V1Pod): number {
  const ta = new Date(a.metadata?.creationTimestamp ?? 0).getTime();
  const tb = new Date(b.metadata?.creationTimestamp ?? 0).getTime();
  return (
    ta - tb || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '')
  );
}
