import { setMaxListeners } from 'node:events';

import type { Logger } from 'pino';

import type { IEventSink } from '../store/EventSink.js';
import { DETACH, type IExecutor } from '../executors/Executor.js';
import type { IArtifactStore } from '../store/ArtifactStore.js';
import type {
  ICompiledStep,
  ICompileResult,
  StepStatus
} from '../contract/wire.js';
import type { IRunStore, IStoredArtifact } from '../store/RunStore.js';
import { StepRunner } from './StepRunner.js';

export interface IOrchestrationDeps {
  store: IRunStore;
  events: IEventSink;
  executor: IExecutor;
  artifacts: IArtifactStore;
  logger: Logger;
  now: () => Date;
}

export interface IRunPlan {
  id: string;
  compiled: ICompileResult;
  programs: ReadonlyMap<string, string>;
  parameters: Record<string, unknown>;
  cache: boolean;
  forceSteps: ReadonlySet<string>;
  cwd: string;
  /** Set when a restarted server carries on a run whose steps live in a cluster. */
  reattach?: IReattachState;
}

export interface IReattachState {
  /** Steps that had finished before the restart keep their status. */
  settled: ReadonlyMap<string, StepStatus>;
  outputs: ReadonlyMap<string, IStoredArtifact[]>;
  /** Steps that were running: log lines already stored and when they started. */
  running: ReadonlyMap<string, { linesSeen: number; startedAt: string | null }>;
}

const DONE_OK: ReadonlySet<StepStatus> = new Set(['succeeded', 'cached']);

/**
 * Drives one run through its DAG: starts every step whose upstream is done,
 * skips what is downstream of a failure, and settles the run's status.
 * Independent branches keep running when one fails (as in Kubeflow).
 */
export class RunOrchestration {
  readonly done: Promise<void>;
  private readonly controller = new AbortController();
  private readonly status = new Map<string, StepStatus>();
  private readonly outputs = new Map<string, IStoredArtifact[]>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private cancelReason: string | null = null;
  private detached = false;
  private resolveDone!: () => void;

  constructor(
    private readonly deps: IOrchestrationDeps,
    private readonly plan: IRunPlan
  ) {
    for (const step of plan.compiled.steps) {
      this.status.set(
        step.name,
        plan.reattach?.settled.get(step.name) ?? 'pending'
      );
    }
    plan.reattach?.outputs.forEach((a, step) => this.outputs.set(step, a));
    this.done = new Promise(resolve => (this.resolveDone = resolve));
    // Every running step listens to this one signal (hundreds in a wide fan-out).
    setMaxListeners(0, this.controller.signal);
  }

  get runId(): string {
    return this.plan.id;
  }

  get executor(): IExecutor {
    return this.deps.executor;
  }

  start(): void {
    this.drive().then(
      () => this.resolveDone(),
      (err: unknown) => {
        this.deps.logger.error(
          { err, run: this.plan.id },
          'run orchestration failed'
        );
        this.finishRun('failed', `internal error: ${(err as Error).message}`);
        this.resolveDone();
      }
    );
  }

  /**
   * Stops following the run without stopping its steps (they live on in a
   * cluster): nothing is settled, the store keeps the run in flight and the
   * next server re-attaches.
   */
  detach(): void {
    this.detached = true;
    this.controller.abort(DETACH);
  }

  /** Stops running steps, and nothing new starts. */
  cancel(reason = 'cancelled by the user'): void {
    this.cancelReason ??= reason;
    this.controller.abort();
  }

  private async drive(): Promise<void> {
    if (!this.plan.reattach) {
      this.publish(
        this.deps.store.updateRun(this.plan.id, {
          status: 'running',
          startedAt: this.iso()
        })
      );
    }
    for (;;) {
      if (!this.cancelReason && !this.detached) {
        this.launchReady();
      }
      if (this.inFlight.size === 0) {
        break;
      }
      await Promise.race(this.inFlight.values());
    }
    if (this.detached) {
      return;
    }
    this.settleLeftovers();
    const failed = [...this.status.values()].some(s => s === 'failed');
    if (this.cancelReason) {
      this.finishRun('cancelled', this.cancelReason);
    } else {
      this.finishRun(
        failed ? 'failed' : 'succeeded',
        failed ? this.failureSummary() : null
      );
    }
  }

  /** Repeats until nothing changes: a skip can make more steps skippable. */
  private launchReady(): void {
    while (this.launchPass()) {
      // keep going
    }
  }

  private launchPass(): boolean {
    let changed = false;
    for (const step of this.plan.compiled.steps) {
      if (this.status.get(step.name) !== 'pending') {
        continue;
      }
      const upstream = step.dependsOn.map(d => this.status.get(d)!);
      if (upstream.every(s => DONE_OK.has(s))) {
        this.status.set(step.name, 'queued');
        this.launch(step);
        changed = true;
      } else if (
        upstream.some(
          s => s === 'failed' || s === 'skipped' || s === 'cancelled'
        )
      ) {
        this.status.set(step.name, 'skipped');
        const blocker = step.dependsOn.find(d =>
          ['failed', 'skipped', 'cancelled'].includes(this.status.get(d)!)
        );
        this.publish(
          this.deps.store.updateStep(this.plan.id, step.name, {
            status: 'skipped',
            reason: `upstream step "${blocker}" did not succeed`
          })
        );
        changed = true;
      }
    }
    return changed;
  }

  private launch(step: ICompiledStep): void {
    const runner = new StepRunner(
      this.deps,
      this.plan,
      step,
      this.outputs,
      this.controller.signal
    );
    const task = runner.run().then(
      status => {
        this.status.set(step.name, status);
        this.inFlight.delete(step.name);
      },
      (err: unknown) => {
        this.deps.logger.error(
          { err, run: this.plan.id, step: step.name },
          'step failed internally'
        );
        this.status.set(step.name, 'failed');
        this.publish(
          this.deps.store.updateStep(this.plan.id, step.name, {
            status: 'failed',
            finishedAt: this.iso(),
            reason: `internal error: ${(err as Error).message}`
          })
        );
        this.inFlight.delete(step.name);
      }
    );
    this.inFlight.set(step.name, task);
  }

  /** After a cancel: what never started is cancelled; after a failure: skipped (done in launchReady). */
  private settleLeftovers(): void {
    for (const [name, status] of this.status) {
      if (status === 'pending' || status === 'queued') {
        const next = this.cancelReason ? 'cancelled' : 'skipped';
        this.status.set(name, next);
        this.publish(
          this.deps.store.updateStep(this.plan.id, name, {
            status: next,
            reason: this.cancelReason ?? 'not reached'
          })
        );
      }
    }
  }

  private failureSummary(): string {
    const failed = [...this.status]
      .filter(([, s]) => s === 'failed')
      .map(([n]) => `"${n}"`);
    return `step${failed.length > 1 ? 's' : ''} ${failed.join(', ')} failed`;
  }

  private finishRun(
    status: 'succeeded' | 'failed' | 'cancelled',
    reason: string | null
  ): void {
    this.publish(
      this.deps.store.updateRun(this.plan.id, {
        status,
        finishedAt: this.iso(),
        reason
      })
    );
  }

  private publish(envelope: Parameters<IEventSink['publish']>[0]): void {
    this.deps.events.publish(envelope);
  }

  private iso(): string {
    return this.deps.now().toISOString();
  }
}
