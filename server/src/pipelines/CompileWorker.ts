import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

import type { ICompiled } from '../compiler/compile.js';
import type { IProblem } from '../contract/wire.js';
import { CellpipeError, ValidationError } from '../errors.js';
import type { CompileService, ICompileInput } from './CompileService.js';
import { MAX_STEPS, overBudget } from './compileRefusals.js';

/** What runs use of a compiler: the service, or this worker in front of it. */
export type Compiler = Pick<CompileService, 'compile'>;

/**
 * What the compile route uses: the result as JSON text, made in the worker.
 * A 50,000-step result is tens of megabytes: cloning it into objects and
 * stringifying it again here would block the event loop for a second.
 */
export interface IResultCompiler {
  compileResultJson(input: ICompileInput): Promise<string>;
  /** The same from a request body's bytes: parsing and checking them happens in the worker too. */
  compileBodyJson(body: Uint8Array, signal?: AbortSignal): Promise<string>;
}

/** A compile request's body, unparsed (`http/compileRequest.ts` parses it in the worker). */
export interface IRawCompileInput {
  raw: Uint8Array;
  signal?: AbortSignal;
}

export { MAX_STEPS };
export const DEFAULT_COMPILE_TIMEOUT_MS = 120_000;
export const DEFAULT_COMPILE_MEMORY_MB = 2048;

export interface ICompileWorkerOptions {
  /** The worker script: it builds the compile service and answers `IJobMessage`s. */
  entry: URL;
  /** Passed to the worker as `workerData` (resolved once, before the first worker). */
  workerData: () => Promise<unknown>;
  timeoutMs?: number;
  /** V8 old-generation limit of each worker. */
  memoryMb?: number;
  maxSteps?: number;
  /** Compiles at once; default 2 (or fewer cores). */
  workers?: number;
}

export interface IJobMessage {
  id: number;
  input: Omit<ICompileInput, 'signal'> | Omit<IRawCompileInput, 'signal'>;
  /** `json`: only the result crosses back, as JSON text (the programs stay). */
  answer: 'compiled' | 'json';
  maxSteps: number;
}

export type JobAnswer =
  | { id: number; ok: true; compiled: ICompiled }
  | { id: number; ok: true; json: string }
  | {
      id: number;
      ok: false;
      error: { message: string; kind?: string; problems?: IProblem[] };
    };

type Outcome = ICompiled | { json: string };

interface IJob {
  id: number;
  input: ICompileInput | IRawCompileInput;
  answer: IJobMessage['answer'];
  resolve(outcome: Outcome): void;
  reject(err: unknown): void;
  /** Drops the queue's abort listener when a worker takes the job. */
  dequeued?(): void;
}

/**
 * Compiles in worker threads, so a huge notebook never blocks the event
 * loop (health checks, websockets, runs keep going). Each compile has a
 * time and memory budget; past either, its worker is terminated and the
 * compile comes back as a problem, as does a pipeline of too many steps.
 */
export class CompileWorker implements Compiler, IResultCompiler {
  private readonly idle: Worker[] = [];
  private readonly busy = new Set<Worker>();
  private readonly queue: IJob[] = [];
  private workerData: Promise<unknown> | undefined;
  private nextId = 1;
  private starting = 0;
  private stopped = false;

  constructor(private readonly options: ICompileWorkerOptions) {}

  async compile(input: ICompileInput): Promise<ICompiled> {
    const outcome = await this.enqueue(input, 'compiled');
    return 'json' in outcome ? (JSON.parse(outcome.json) as never) : outcome;
  }

  async compileResultJson(input: ICompileInput): Promise<string> {
    const outcome = await this.enqueue(input, 'json');
    return 'json' in outcome ? outcome.json : JSON.stringify(outcome.result);
  }

  async compileBodyJson(
    body: Uint8Array,
    signal?: AbortSignal
  ): Promise<string> {
    const outcome = await this.enqueue({ raw: body, signal }, 'json');
    return 'json' in outcome ? outcome.json : JSON.stringify(outcome.result);
  }

  private enqueue(
    input: ICompileInput | IRawCompileInput,
    answer: IJobMessage['answer']
  ): Promise<Outcome> {
    if (this.stopped) {
      return Promise.reject(new Error('the compile worker was stopped'));
    }
    input.signal?.throwIfAborted();
    return new Promise<Outcome>((resolve, reject) => {
      const job: IJob = { id: this.nextId++, input, answer, resolve, reject };
      // Aborted while it waits for a worker (one may take long to start):
      // it leaves the queue at once; run() takes over the signal after.
      const onQueuedAbort = () => {
        const at = this.queue.indexOf(job);
        if (at >= 0) {
          this.queue.splice(at, 1);
          job.reject(input.signal?.reason ?? new Error('cancelled'));
        }
      };
      input.signal?.addEventListener('abort', onQueuedAbort, { once: true });
      job.dequeued = () =>
        input.signal?.removeEventListener('abort', onQueuedAbort);
      this.queue.push(job);
      void this.dispatch();
    });
  }

  /** Terminates every worker; queued compiles fail. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const job of this.queue.splice(0)) {
      job.reject(new Error('the server is stopping'));
    }
    const all = [...this.idle.splice(0), ...this.busy];
    this.busy.clear();
    await Promise.all(all.map(w => w.terminate()));
  }

  private async dispatch(): Promise<void> {
    const limit =
      this.options.workers ?? Math.min(2, Math.max(1, availableParallelism()));
    while (this.queue.length > 0 && !this.stopped) {
      let worker = this.idle.pop();
      if (!worker) {
        if (this.busy.size + this.starting >= limit) {
          return;
        }
        this.starting++;
        try {
          worker = await this.spawn();
        } finally {
          this.starting--;
        }
        if (this.stopped) {
          await worker.terminate();
          return;
        }
      }
      const job = this.queue.shift();
      if (!job) {
        this.park(worker);
        return;
      }
      job.dequeued?.();
      this.run(worker, job);
    }
  }

  private async spawn(): Promise<Worker> {
    this.workerData ??= this.options.workerData();
    return new Worker(this.options.entry, {
      workerData: await this.workerData,
      resourceLimits: {
        maxOldGenerationSizeMb:
          this.options.memoryMb ?? DEFAULT_COMPILE_MEMORY_MB
      }
    });
  }

  private run(worker: Worker, job: IJob): void {
    this.busy.add(worker);
    worker.ref();
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_COMPILE_TIMEOUT_MS;
    const finish = (keep: boolean) => {
      clearTimeout(timer);
      job.input.signal?.removeEventListener('abort', onAbort);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      this.busy.delete(worker);
      if (keep) {
        this.park(worker);
      } else {
        void worker.terminate();
      }
      void this.dispatch();
    };
    const onMessage = (answer: JobAnswer) => {
      if (answer.id !== job.id) {
        return;
      }
      finish(true);
      if (answer.ok) {
        job.resolve('json' in answer ? { json: answer.json } : answer.compiled);
      } else {
        job.reject(revive(answer.error));
      }
    };
    const onError = (err: Error & { code?: string }) => {
      finish(false);
      job.resolve(
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? overBudget(
              named(job.input),
              `compiling needed more than ${this.options.memoryMb ?? DEFAULT_COMPILE_MEMORY_MB} MB of memory`
            )
          : overBudget(named(job.input), `the compile failed: ${err.message}`)
      );
    };
    const onExit = (code: number) => {
      finish(false);
      job.reject(new Error(`the compile worker exited with ${code}`));
    };
    const onAbort = () => {
      finish(false);
      job.reject(job.input.signal?.reason ?? new Error('cancelled'));
    };
    const timer = setTimeout(() => {
      finish(false);
      job.resolve(
        overBudget(
          named(job.input),
          `compiling took longer than ${timeoutMs / 1000} s`
        )
      );
    }, timeoutMs);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    job.input.signal?.addEventListener('abort', onAbort, { once: true });
    const { signal: _signal, ...input } = job.input;
    worker.postMessage({
      id: job.id,
      input,
      answer: job.answer,
      maxSteps: this.options.maxSteps ?? MAX_STEPS
    } satisfies IJobMessage);
  }

  /** An idle worker does not keep the process alive (one-shot CLI commands exit). */
  private park(worker: Worker): void {
    worker.unref();
    this.idle.push(worker);
  }
}

/** What a refusal names the pipeline from; a raw body was never parsed here. */
function named(
  input: ICompileInput | IRawCompileInput
): Omit<ICompileInput, 'signal'> {
  return 'raw' in input ? { notebook: null } : input;
}

/** Domain errors cross the thread boundary as data and become errors of their kind again. */
function revive(error: {
  message: string;
  kind?: string;
  problems?: IProblem[];
}): Error {
  if (error.kind === 'invalid_request') {
    return new ValidationError(error.message, error.problems);
  }
  if (error.kind) {
    return new CellpipeError(
      error.kind as ConstructorParameters<typeof CellpipeError>[0],
      error.message
    );
  }
  return new Error(error.message);
}
