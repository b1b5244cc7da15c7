import type { IClusterStatus, IExecutorInfo } from '../contract/wire.js';
import type { IExecutor, IStepJob, StepUpdate } from './Executor.js';

export interface ILazyExecutorOptions {
  readonly name: string;
  readonly reattaches?: boolean;
  /** The real executor's `podSteps`. */
  readonly podSteps?: boolean;
  /** The real executor has `preflight`. */
  readonly preflights?: boolean;
  /** The real executor has `probe` (it runs on a cluster). */
  readonly probes?: boolean;
  /** The real executor has `deleteRun`. */
  readonly deletesRuns?: boolean;
  /**
   * What `info()` says until the executor is loaded, found cheaply (e.g. "is
   * there a kubeconfig at all"); once loaded, the executor's own word.
   * Unavailable here means it is never loaded: nothing could run there.
   */
  readonly before: IExecutorInfo;
  /** `probe()` of an executor that is unavailable before loading. */
  probeUnavailable?(reason: string): IClusterStatus;
  /** Imports and makes the executor; called once, on first use. */
  load(): Promise<IExecutor>;
}

/**
 * An executor whose module is imported on first use (a step to run, a
 * probe, a run to delete): registered in app.ts like any other, it keeps a
 * heavy client library (the Kubernetes one: ~0.5 s) out of every command
 * and server that never uses it. Its capabilities are declared up front,
 * since callers check them before any call.
 */
export class LazyExecutor implements IExecutor {
  readonly name: string;
  readonly reattaches: boolean;
  readonly podSteps: boolean;
  readonly preflight?: (options: { bucket: boolean }) => Promise<void>;
  readonly probe?: () => Promise<IClusterStatus>;
  readonly deleteRun?: (runId: string) => Promise<void>;
  private loading: Promise<IExecutor> | undefined;
  private loaded: IExecutor | undefined;

  constructor(private readonly options: ILazyExecutorOptions) {
    this.name = options.name;
    this.reattaches = options.reattaches ?? false;
    this.podSteps = options.podSteps ?? false;
    const unavailable = this.unavailable();
    if (options.preflights) {
      this.preflight = async o => (await this.real()).preflight?.(o);
    }
    if (options.probes) {
      this.probe = async () => {
        if (unavailable !== null && options.probeUnavailable) {
          return options.probeUnavailable(unavailable);
        }
        const real = await this.real();
        if (!real.probe) {
          throw new Error(`executor ${this.name} has no probe`);
        }
        return real.probe();
      };
    }
    if (options.deletesRuns) {
      this.deleteRun = async runId => {
        // Nothing ran where nothing can run.
        if (unavailable === null) {
          await (await this.real()).deleteRun?.(runId);
        }
      };
    }
  }

  info(): IExecutorInfo {
    return this.loaded?.info() ?? this.options.before;
  }

  async *run(job: IStepJob, signal: AbortSignal): AsyncIterable<StepUpdate> {
    const real = await this.real();
    yield* real.run(job, signal);
  }

  /** Stops the executor if it was ever loaded (waiting for a load under way). */
  async stop(): Promise<void> {
    if (!this.loading) {
      return;
    }
    const real = await this.loading.catch(() => undefined);
    await real?.stop();
  }

  private unavailable(): string | null {
    const { before } = this.options;
    return before.available
      ? null
      : (before.reason ?? `${this.name} is not available`);
  }

  private real(): Promise<IExecutor> {
    const unavailable = this.unavailable();
    if (unavailable !== null) {
      return Promise.reject(new Error(unavailable));
    }
    this.loading ??= this.options.load().then(executor => {
      if (executor.name !== this.name) {
        throw new Error(
          `lazy executor ${this.name} loaded an executor named ${executor.name}`
        );
      }
      this.loaded = executor;
      return executor;
    });
    return this.loading;
  }
}
