import type { V1Deployment, V1Pod } from '../../kube/client.js';

import {
  byCreation,
  pendingProblem,
  podFailure
} from '../../kube/podStatus.js';
import type { IObservedState } from './inferenceServiceStatus.js';

/**
 * The model server's Deployment and its pods, in Cellpipe's states. Ready
 * means the Deployment is Available with at least one ready replica (the
 * readiness probe asks the server's `/v2/health/ready`, which answers once
 * the model is loaded). Otherwise the newest pod says why, in words: an
 * image that cannot be pulled or a container that keeps crashing (a model
 * that cannot be unpickled in that image) is `failed`, since waiting will
 * not help; scheduling and starting are waits.
 */
export function modelServerState(
  deployment: V1Deployment,
  pods: readonly V1Pod[],
  wasReady: boolean,
  url: string | null
): IObservedState {
  const conditions = deployment.status?.conditions ?? [];
  const available = conditions.some(
    c => c.type === 'Available' && c.status === 'True'
  );
  const readyReplicas = deployment.status?.readyReplicas ?? 0;
  if (available && readyReplicas >= 1) {
    return { status: 'ready', reason: null, url };
  }
  const replicaFailure = conditions.find(
    c => c.type === 'ReplicaFailure' && c.status === 'True'
  );
  if (replicaFailure) {
    return {
      status: 'failed',
      reason: `cannot create the model server's pods: ${replicaFailure.message ?? replicaFailure.reason ?? 'ReplicaFailure'}`,
      url
    };
  }
  const problem = podsProblem(pods);
  if (problem?.fatal) {
    return { status: 'failed', reason: problem.message, url };
  }
  const stalled = conditions.find(
    c =>
      c.type === 'Progressing' &&
      c.status === 'False' &&
      c.reason === 'ProgressDeadlineExceeded'
  );
  if (stalled) {
    const deadline = deployment.spec?.progressDeadlineSeconds ?? 600;
    return {
      status: 'failed',
      reason: `no model server became ready within ${deadline} s${problem ? `: ${problem.message}` : ''}`,
      url
    };
  }
  const want = deployment.spec?.replicas ?? 1;
  const pod = newest(pods);
  const reason =
    problem?.message ??
    (pod
      ? `${readyReplicas} of ${want} model server${want === 1 ? '' : 's'} ready; ${podProgress(pod)}`
      : 'waiting for the model server’s pod to be created');
  return { status: wasReady ? 'unready' : 'deploying', reason, url };
}

export interface IPodProblem {
  fatal: boolean;
  message: string;
}

/** The newest pod's trouble, in words; null when it is merely on its way. */
export function podsProblem(pods: readonly V1Pod[]): IPodProblem | null {
  const pod = newest(pods);
  if (!pod) {
    return null;
  }
  const container = pod.status?.containerStatuses?.[0];
  const waiting = container?.state?.waiting;
  if (waiting?.reason === 'CrashLoopBackOff') {
    const last = container?.lastState?.terminated;
    return {
      fatal: true,
      message:
        `the model server keeps crashing (CrashLoopBackOff, ${container?.restartCount ?? 0} restarts)` +
        (last ? `: ${terminationInWords(pod, last)}` : '')
    };
  }
  const pending = pendingProblem(pod);
  if (pending) {
    return { fatal: pending.fatal, message: pending.message };
  }
  const failed = podFailure(pod);
  if (failed) {
    return { fatal: false, message: `a model server pod failed: ${failed}` };
  }
  const last = container?.lastState?.terminated;
  if (last && !container?.ready) {
    return {
      fatal: false,
      message: `the model server restarted (${container?.restartCount ?? 1} times); last time it ${terminationInWords(pod, last)}`
    };
  }
  return null;
}

function terminationInWords(
  pod: V1Pod,
  terminated: { reason?: string; exitCode: number; message?: string }
): string {
  if (terminated.reason === 'OOMKilled') {
    const limit = pod.spec?.containers[0]?.resources?.limits?.memory;
    return `ran out of memory (OOMKilled${limit ? `, limit ${limit}` : ''})`;
  }
  const detail = terminated.message?.trim();
  return `exited with code ${terminated.exitCode}${detail ? `: ${detail}` : ''}`;
}

function newest(pods: readonly V1Pod[]): V1Pod | undefined {
  return [...pods]
    .filter(p => !p.metadata?.deletionTimestamp)
    .sort(byCreation)
    .at(-1);
}

/** Where a pod that has no problem is on its way. */
function podProgress(pod: V1Pod): string {
  const phase = pod.status?.phase ?? 'Pending';
  if (phase === 'Pending') {
    const scheduled = pod.status?.conditions?.some(
      c => c.type === 'PodScheduled' && c.status === 'True'
    );
    return scheduled
      ? 'its pod is starting'
      : 'its pod is waiting to be scheduled';
  }
  if (phase === 'Running') {
    return 'its pod is running, the model is loading';
  }
  return `its pod is ${phase}`;
}
