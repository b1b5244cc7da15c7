import { cpus } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { IExecutorInfo, IStepError } from '../../contract/wire.js';
import type {
  IExecutor,
  IStepJob,
  IStepOutcome,
  StepUpdate
} from '../Executor.js';
import { cancelled, harnessError } from '../stepOutcomes.js';
import { describeExit } from './exitReason.js';
import { Semaphore } from '../Semaphore.js';
import { LongTimer } from './LongTimer.js';
import { ForkServerPool } from './ForkServerPool.js';
import { launchStep } from './launchStep.js';
import type { IStepProcess } from './StepProcess.js';

export interface ILocalExecutorOptions {
  python: string | Promise<string>;
  /** Steps running at once; default: the number of cores. */
  concurrency?: number;
  /** Between SIGTERM and SIGKILL when stopping a step. */
  killGraceMs?: number;
  /**
   * Fork steps from a warm interpreter (docs/engine.md); default on unless
   * CELLPIPE_FORKSERVER=0. Off: every step starts a fresh `python`.
   */
  forkServer?: boolean;
  /** A fork server above this resident memory is replaced (CELLPIPE_FORKSERVER_MAX_RSS_MB). */
  forkServerMaxRssBytes?: number;
}

/** The fork server is on unless CELLPIPE_FORKSERVER is 0 (or false, off, no). */
export function forkServerEnabled(
  env: NodeJS.ProcessEnv = process.env
): boolean {
  return !/^(0|false|off|no)$/i.test(env.CELLPIPE_FORKSERVER ?? '');
}

/**
 * Runs each step as its own `python` process (own process group) on this
 * machine, in the notebook's folder, up to `concurrency` at once; retries,
 * timeouts and cancellation kill the whole group. A step is forked from a
 * warm interpreter that has its imports loaded (ForkServerPool) unless that
 * is off or cannot be used; then it is spawned afresh.
 */
export class LocalExecutor implements IExecutor {
  readonly name = 'local';
  private readonly slots: Semaphore;
  private readonly running = new Set<IStepProcess>();
  private readonly graceMs: number;
  private readonly forks: ForkServerPool | null;

  constructor(private readonly options: ILocalExecutorOptions) {
    this.slots = new Semaphore(
      Math.max(1, options.concurrency ?? cpus().length)
    );
    this.graceMs = options.killGraceMs ?? 5000;
    const maxMb =
      Number(process.env.CELLPIPE_FORKSERVER_MAX_RSS_MB) || undefined;
    this.forks =
      (options.forkServer ?? forkServerEnabled())
        ? new ForkServerPool({
            maxRssBytes:
              options.forkServerMaxRssBytes ?? (maxMb && maxMb * 1024 ** 2)
          })
        : null;
  }

  info(): IExecutorInfo {
    return { name: this.name, available: true };
  }

  async *run(job: IStepJob, signal: AbortSignal): AsyncIterable<StepUpdate> {
    const release = await this.slots.acquire(signal);
    if (!release) {
      yield { type: 'done', outcome: cancelled('cancelled before it started') };
      return;
    }
    try {
      const files = await this.writeFiles(job);
      const tries = 1 + (job.properties.retries ?? 0);
      for (let attempt = 1; ; attempt++) {
        const outcome: IStepOutcome = yield* this.attempt(
          job,
          files,
          attempt,
          signal
        );
        if (outcome.status !== 'failed' || attempt >= tries) {
          yield { type: 'done', outcome };
          return;
        }
        yield {
          type: 'retrying',
          attempt: attempt + 1,
          reason: outcome.reason ?? 'failed'
        };
      }
    } finally {
      release();
    }
  }

  async stop(): Promise<void> {
    const all = [...this.running];
    all.forEach(p => p.kill('SIGTERM'));
    await Promise.race([
      Promise.all(all.map(p => p.exited)),
      delay(this.graceMs)
    ]);
    all.forEach(p => p.kill('SIGKILL'));
    await Promise.all(all.map(p => p.exited));
    await this.forks?.stop();
  }

  /** The live fork servers' resident memory in bytes (none when the fork server is off). */
  forkServerRss(): number[] {
    return this.forks?.rss() ?? [];
  }

  /** The program and its context, beside the step's outputs (kept: they show what ran). */
  private async writeFiles(
    job: IStepJob
  ): Promise<{ program: string; context: string }> {
    const dir = job.context.output_dir;
    await mkdir(dir, { recursive: true });
    const program = join(dir, '_program.py');
    const context = join(dir, '_context.json');
    await writeFile(program, job.program);
    await writeFile(context, JSON.stringify(job.context));
    return { program, context };
  }

  private launch(
    python: string,
    files: { program: string; context: string },
    job: IStepJob,
    env: Record<string, string>
  ): Promise<{ proc: IStepProcess; note: string | null }> {
    return launchStep(this.forks, python, files, job, env);
  }

  private async *attempt(
    job: IStepJob,
    files: { program: string; context: string },
    attempt: number,
    signal: AbortSignal
  ): AsyncGenerator<StepUpdate, IStepOutcome> {
    if (signal.aborted) {
      return cancelled('cancelled');
    }
    const python = await this.options.python;
    // The same step env as in a pod (jobSpec.ts), then the step's own.
    const env = {
      CELLPIPE_RUN_ID: job.runId,
      CELLPIPE_STEP: job.step,
      ...Object.fromEntries(
        (job.properties.env_vars ?? []).map(e => [e.env_var, e.value])
      )
    };
    const { proc, note } = await this.launch(python, files, job, env);
    this.running.add(proc);
    const stopper = new Stopper(proc, this.graceMs);
    const onAbort = () => stopper.stop('cancelled');
    signal.addEventListener('abort', onAbort, { once: true });
    const timeout = job.properties.timeout_seconds;
    const timer = timeout
      ? new LongTimer(timeout * 1000, () => stopper.stop('timeout'))
      : undefined;
    if (signal.aborted) {
      onAbort();
    }
    yield { type: 'attempt', attempt, pid: proc.pid ?? null };
    if (note) {
      yield {
        type: 'line',
        line: { type: 'log', stream: 'stderr', line: note }
      };
    }
    let finished = false;
    let error: IStepError | null = null;
    try {
      for await (const line of proc) {
        if (line.type === 'event' && line.event.event === 'finished') {
          finished = true;
        } else if (line.type === 'event' && line.event.event === 'error') {
          error = harnessError(line.event);
        }
        yield { type: 'line', line };
      }
      const exit = await proc.exited;
      return outcomeOf(exit, finished, error, stopper.why, timeout);
    } finally {
      timer?.stop();
      stopper.dispose();
      signal.removeEventListener('abort', onAbort);
      this.running.delete(proc);
    }
  }
}

/** SIGTERM to the process group, SIGKILL after the grace period; remembers why. */
class Stopper {
  why: 'cancelled' | 'timeout' | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly proc: IStepProcess,
    private readonly graceMs: number
  ) {}

  stop(why: 'cancelled' | 'timeout'): void {
    if (this.why) {
      return;
    }
    this.why = why;
    this.proc.kill('SIGTERM');
    this.timer = setTimeout(() => this.proc.kill('SIGKILL'), this.graceMs);
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}

function outcomeOf(
  exit: { code: number | null; signal: string | null },
  finished: boolean,
  error: IStepError | null,
  stoppedFor: 'cancelled' | 'timeout' | null,
  timeoutSeconds: number | undefined
): IStepOutcome {
  const base = { exitCode: exit.code, signal: exit.signal };
  if (stoppedFor === 'cancelled') {
    return { ...base, ...cancelled('cancelled') };
  }
  if (stoppedFor === 'timeout') {
    const message = `timed out after ${timeoutSeconds} s`;
    return {
      ...base,
      status: 'failed',
      reason: message,
      error: { kind: 'timeout', message }
    };
  }
  if (exit.code === 0 && finished) {
    return { ...base, status: 'succeeded', reason: null, error: null };
  }
  const why = error ?? describeExit(exit.code, exit.signal);
  return {
    ...base,
    status: 'failed',
    reason: why.message.split('\n')[0],
    error: why
  };
}

function delay(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms).unref());
}
