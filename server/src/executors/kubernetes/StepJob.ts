import type { V1Pod } from '../../kube/client.js';

import type { IStepError } from '../../contract/wire.js';
import { AsyncQueue } from '../../streams/AsyncQueue.js';
import {
  DETACH,
  type IStepJob,
  type IStepOutcome,
  type StepUpdate
} from '../Executor.js';
import type { StepLine } from '../stepEvents.js';
import { cancelled, failed, harnessError } from '../stepOutcomes.js';
import type { IClusterCalls } from './ClusterCalls.js';
import { jobName } from './jobSpec.js';
import type { NamespaceWatch } from './NamespaceWatch.js';
import { PodLogFollower, podLine } from './PodLogFollower.js';
import { submitPatiently } from './submitPatiently.js';
import {
  byCreation,
  jobVerdict,
  pendingProblem,
  podFailure,
  podFinished,
  podStarted
} from '../../kube/podStatus.js';

export interface IStepJobDeps {
  calls: IClusterCalls;
  watch: NamespaceWatch;
  artifactsRoot: string;
  unreachableGraceMs: number;
  unschedulableGraceMs: number;
  /** Lines a previous server already stored for this step (re-attach). */
  linesSeen?: number;
}

type Item =
  { kind: 'change' } | { kind: 'line'; line: StepLine } | { kind: 'abort' };

/** How long the follow of a finished pod may take to end before its rest is read once. */
const LOG_DRAIN_MS = 250;

/**
 * One step as one Job: submits it (or finds the one an earlier server
 * submitted), then turns what the informers see into step updates: each pod
 * that starts is an attempt, its log lines are followed as they come, and
 * the Job's conditions decide the outcome.
 */
export class StepJob {
  private readonly queue = new AsyncQueue<Item>();
  private readonly name: string;
  private readonly announced = new Set<string>();
  private readonly retried = new Set<string>();
  private readonly followers = new Map<string, PodLogFollower>();
  private readonly said = new Set<string>();
  private unschedulableSince: number | null = null;
  private disconnectedSince: number | null = null;
  private harnessError: IStepError | null = null;
  private linesToSkip: number;

  constructor(
    private readonly deps: IStepJobDeps,
    private readonly job: IStepJob
  ) {
    this.name = jobName(job.runId, job.step);
    this.linesToSkip = deps.linesSeen ?? 0;
  }

  async *run(signal: AbortSignal): AsyncGenerator<StepUpdate> {
    const onAbort = () => this.queue.push({ kind: 'abort' });
    signal.addEventListener('abort', onAbort, { once: true });
    const unsubscribe = this.deps.watch.subscribe(this.name, () =>
      this.queue.push({ kind: 'change' })
    );
    const tick = setInterval(() => this.queue.push({ kind: 'change' }), 1000);
    try {
      const submitted: IStepOutcome | null = yield* submitPatiently(
        this.deps.calls,
        this.job,
        signal,
        this.deps.unreachableGraceMs
      );
      if (signal.aborted && signal.reason === DETACH) {
        return;
      }
      if (submitted) {
        yield { type: 'done', outcome: submitted };
        return;
      }
      yield* this.follow(signal);
    } finally {
      clearInterval(tick);
      unsubscribe();
      signal.removeEventListener('abort', onAbort);
      this.followers.forEach(f => f.stop());
      this.queue.close();
    }
  }

  private async *follow(signal: AbortSignal): AsyncGenerator<StepUpdate> {
    await this.deps.watch.ready;
    this.queue.push({ kind: 'change' });
    for await (const item of this.queue) {
      if (item.kind === 'line') {
        if (item.line.type === 'event' && item.line.event.event === 'error') {
          this.harnessError = harnessError(item.line.event);
        }
        yield { type: 'line', line: item.line };
        continue;
      }
      if (signal.aborted && signal.reason === DETACH) {
        return; // the Job runs on; the next server re-attaches to it
      }
      if (item.kind === 'abort' || signal.aborted) {
        await this.deps.calls.deleteJob(this.name);
        yield* this.drainLines();
        yield { type: 'done', outcome: cancelled('cancelled') };
        return;
      }
      const outcome: IStepOutcome | null = yield* this.observe();
      if (outcome) {
        yield { type: 'done', outcome };
        return;
      }
    }
  }

  /** Looks at the Job and its pods once; returns the outcome when the step is over. */
  private async *observe(): AsyncGenerator<StepUpdate, IStepOutcome | null> {
    const watch = this.deps.watch;
    if (!watch.connected) {
      this.disconnectedSince ??= Date.now();
      if (Date.now() - this.disconnectedSince > this.deps.unreachableGraceMs) {
        return failed(
          `lost the Kubernetes API server: ${watch.error ?? 'no connection'}`,
          'kubernetes'
        );
      }
      yield* this.sayOnce(
        `cellpipe: lost the cluster watch (${watch.error ?? 'reconnecting'}); waiting`
      );
      return null;
    }
    this.disconnectedSince = null;
    const state = watch.state(this.name);
    if (state.deleted) {
      return failed('the Job was deleted outside Cellpipe', 'kubernetes');
    }
    if (!state.job) {
      return null;
    }
    const pods = [...state.pods].sort(byCreation);
    const tries = 1 + (state.job.spec?.backoffLimit ?? 0);
    for (const [i, pod] of pods.entries()) {
      yield* this.watchPod(pod, i + 1, tries);
    }
    const problem: IStepOutcome | null = yield* this.pending(pods.at(-1));
    if (problem) {
      return problem;
    }
    // A Job of one completion is done when its pod succeeds; not waiting for
    // the Job controller to say so saves seconds on a busy control plane.
    const verdict =
      pods.at(-1)?.status?.phase === 'Succeeded'
        ? ({ status: 'succeeded' } as const)
        : jobVerdict(state.job, pods);
    if (!verdict) {
      return null;
    }
    yield* this.drainLines();
    if (verdict.status === 'succeeded') {
      return {
        status: 'succeeded',
        exitCode: 0,
        signal: null,
        reason: null,
        error: null
      };
    }
    const error =
      verdict.error.kind === 'timeout'
        ? verdict.error
        : (this.harnessError ?? verdict.error);
    const exitCode =
      pods.at(-1)?.status?.containerStatuses?.[0]?.state?.terminated
        ?.exitCode ?? null;
    return {
      status: 'failed',
      exitCode,
      signal: null,
      reason: error.message.split('\n')[0],
      error
    };
  }

  private *watchPod(
    pod: V1Pod,
    attempt: number,
    tries: number
  ): Generator<StepUpdate> {
    const name = pod.metadata?.name ?? '';
    if (podStarted(pod) && !this.announced.has(name)) {
      this.announced.add(name);
      this.harnessError = null;
      yield { type: 'attempt', attempt, pid: null };
      this.startLogs(name);
    }
    if (podFinished(pod)) {
      void this.followers.get(name)?.finish(LOG_DRAIN_MS);
    }
    if (
      podFinished(pod) &&
      pod.status?.phase === 'Failed' &&
      attempt < tries &&
      !this.retried.has(name)
    ) {
      this.retried.add(name);
      yield {
        type: 'retrying',
        attempt: attempt + 1,
        reason: podFailure(pod) ?? 'failed'
      };
    }
  }

  /** Fatal container problems end the step; scheduling problems after a grace period. */
  private async *pending(
    pod: V1Pod | undefined
  ): AsyncGenerator<StepUpdate, IStepOutcome | null> {
    const problem = pod && !podStarted(pod) ? pendingProblem(pod) : null;
    if (!problem) {
      this.unschedulableSince = null;
      return null;
    }
    if (problem.fatal) {
      await this.deps.calls.deleteJob(this.name);
      return failed(problem.message, 'kubernetes');
    }
    yield* this.sayOnce(
      `cellpipe: pod ${pod!.metadata?.name}: ${problem.message}`
    );
    this.unschedulableSince ??= Date.now();
    const graceMs = Math.min(
      problem.graceMs ?? Infinity,
      this.deps.unschedulableGraceMs
    );
    if (Date.now() - this.unschedulableSince > graceMs) {
      const grace = Math.round(graceMs / 1000);
      await this.deps.calls.deleteJob(this.name);
      return failed(
        `the pod ${problem.message} (waited ${grace} s)`,
        'unschedulable'
      );
    }
    return null;
  }

  private startLogs(pod: string): void {
    const follower = new PodLogFollower(
      this.deps.calls.log,
      this.deps.watch.namespace,
      pod,
      line =>
        this.queue.push({
          kind: 'line',
          line: podLine(line, this.deps.artifactsRoot)
        }),
      this.linesToSkip
    );
    this.linesToSkip = 0;
    this.followers.set(pod, follower);
    follower.start();
  }

  /** Waits (bounded) for the followers to reach the end of their logs, yielding what arrives. */
  private async *drainLines(): AsyncGenerator<StepUpdate> {
    await Promise.all(
      [...this.followers.values()].map(f => f.finish(LOG_DRAIN_MS))
    );
    // Lines queued meanwhile come before the outcome.
    while (this.queue.size > 0) {
      const next = await this.queue[Symbol.asyncIterator]().next();
      if (!next.done && next.value.kind === 'line') {
        yield { type: 'line', line: next.value.line };
      }
    }
  }

  private *sayOnce(text: string): Generator<StepUpdate> {
    if (!this.said.has(text)) {
      this.said.add(text);
      yield {
        type: 'line',
        line: { type: 'log', stream: 'stderr', line: text }
      };
    }
  }
}
