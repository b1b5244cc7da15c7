import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

import type { Logger } from 'pino';

import type { IEventSink } from '../store/EventSink.js';
import type { IExecutor } from '../executors/Executor.js';
import type { IArtifactStore } from '../store/ArtifactStore.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type {
  ICreateRunRequest,
  IRunComparison,
  IRunOutputs,
  IRunSources,
  IRunRecord,
  IResumeRequest
} from '../contract/wire.js';
import type { CompileService } from '../pipelines/CompileService.js';
import type { ImportPreflight } from '../preflight/ImportPreflight.js';
import { admitRun, compileForRun } from './runAdmission.js';
import { RunOrchestration } from './RunOrchestration.js';
import { failInFlight, reattachState } from './reattachState.js';
import { newRunId } from './runId.js';
import { compareRuns } from './compareRuns.js';
import { codeCellSources, stepCode } from './runSources.js';
import { defaultRunTitle } from './runTitle.js';
import type { IRunStore } from '../store/RunStore.js';
import { withPipelineOverride } from '../notebook/pipelineOverride.js';

export interface IRunServiceDeps {
  store: IRunStore;
  events: IEventSink;
  compiler: Pick<CompileService, 'compile'>;
  executors: ReadonlyMap<string, IExecutor>;
  artifacts: IArtifactStore;
  logger: Logger;
  defaultTarget: string;
  /** Jupyter's root folder: `notebookPath`s are relative to it. */
  notebookRoot: string;
  /** Throws when something still needs the run's files (a deployment serving its model from them). */
  beforeDelete?: (runId: string) => void;
  /** Checks the steps' imports where they will run (none: not checked). */
  preflight?: Pick<ImportPreflight, 'check'>;
  /** Throws when another server drives the runs (a standby of the leader lease). */
  assertLeading?: () => void;
  now?: () => Date;
}

export interface ISubmitOptions {
  /** Working directory for the steps (the CLI passes the notebook's folder). */
  cwd?: string;
  resumedFrom?: string;
}

const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

/** Submits, cancels, resumes and deletes runs; the one owner of running orchestrations. */
export class RunService {
  private readonly active = new Map<string, RunOrchestration>();
  private readonly now: () => Date;

  constructor(private readonly deps: IRunServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  get defaultTarget(): string {
    return this.deps.defaultTarget;
  }

  async submit(
    request: ICreateRunRequest,
    options: ISubmitOptions = {}
  ): Promise<IRunRecord> {
    const target = request.target ?? this.deps.defaultTarget;
    const executor = await admitRun(this.deps, target);
    const cwd = options.cwd ?? this.workingDir(request.notebookPath);
    const { result, programs } = await compileForRun(
      this.deps,
      request,
      target,
      cwd
    );
    const id = newRunId(this.now());
    const parameters = Object.fromEntries(
      result.parameters.map(p => [p.name, p.value])
    );
    const cache = request.cache ?? true;
    this.deps.events.publish(
      this.deps.store.createRun({
        id,
        name: result.name,
        title:
          request.title?.trim() ||
          defaultRunTitle(result.name, request.notebookPath, result.parameters),
        notebookPath: request.notebookPath ?? null,
        target,
        parameters,
        cache,
        resumedFrom: options.resumedFrom ?? null,
        notebook: request.notebook,
        compiled: result,
        options: {
          pipeline: request.pipeline ?? null,
          forceSteps: request.forceSteps ?? [],
          cwd: options.cwd ?? null,
          parameters: request.parameters ?? {}
        },
        createdAt: this.now().toISOString()
      })
    );
    this.startOrchestration(
      id,
      new RunOrchestration(
        { ...this.deps, executor, now: this.now },
        {
          id,
          compiled: result,
          programs,
          parameters,
          cache,
          forceSteps: new Set(request.forceSteps ?? []),
          cwd
        }
      )
    );
    return this.get(id);
  }

  /**
   * Carries on a run a previous server left in flight on a target whose
   * steps outlive the server (Kubernetes): finished steps keep their
   * results, running ones are followed again (their Jobs are adopted), and
   * the rest of the DAG runs as usual.
   */
  async reattach(id: string): Promise<void> {
    const run = this.get(id);
    const snapshot = this.deps.store.getSnapshot(id)!;
    const options = snapshot.options as {
      pipeline?: unknown;
      parameters?: Record<string, unknown>;
      cwd?: string | null;
      forceSteps?: string[];
    };
    const executor = this.deps.executors.get(run.target);
    const { result, programs } = await this.deps.compiler.compile({
      notebook: withPipelineOverride(snapshot.notebook, options.pipeline),
      name: run.name,
      parameters: options.parameters
    });
    const same =
      result.ok &&
      snapshot.compiled.steps.every(
        s =>
          result.steps.find(r => r.name === s.name)?.programHash ===
          s.programHash
      );
    if (!executor?.info().available || !same) {
      failInFlight(
        this.deps.store,
        this.deps.events,
        id,
        'server restarted and could not carry the run on',
        this.now().toISOString()
      );
      return;
    }
    const orchestration = new RunOrchestration(
      { ...this.deps, executor, now: this.now },
      {
        id,
        compiled: result,
        programs,
        parameters: run.parameters,
        cache: run.cache,
        forceSteps: new Set(options.forceSteps ?? []),
        cwd: options.cwd ?? this.workingDir(run.notebookPath ?? undefined),
        reattach: reattachState(this.deps.store, run)
      }
    );
    this.startOrchestration(id, orchestration);
  }

  private startOrchestration(id: string, run: RunOrchestration): void {
    this.active.set(id, run);
    void run.done.then(() => this.active.delete(id));
    run.start();
  }

  get(id: string): IRunRecord {
    const run = this.deps.store.getRun(id);
    if (!run) {
      throw new NotFoundError(`no run with id "${id}"`);
    }
    return run;
  }

  cancel(id: string): IRunRecord {
    this.deps.assertLeading?.();
    const run = this.get(id);
    const active = this.active.get(id);
    if (!active || FINISHED.has(run.status)) {
      throw new ConflictError(
        `run ${id} is ${run.status}: only a queued or running run can be cancelled`
      );
    }
    active.cancel();
    return this.get(id);
  }

  /** A new run of the same pipeline that reuses every step whose result still holds. */
  async resume(id: string, request: IResumeRequest = {}): Promise<IRunRecord> {
    const run = this.get(id);
    if (!FINISHED.has(run.status)) {
      throw new ConflictError(
        `run ${id} is still ${run.status}: wait for it or cancel it first`
      );
    }
    const snapshot = this.deps.store.getSnapshot(id)!;
    const options = snapshot.options as {
      pipeline?: unknown;
      parameters?: Record<string, unknown>;
      cwd?: string | null;
    };
    return this.submit(
      {
        notebook: request.notebook ?? snapshot.notebook,
        notebookPath: run.notebookPath ?? undefined,
        name: run.name,
        pipeline: options.pipeline ?? undefined,
        parameters: options.parameters,
        target: run.target,
        cache: true
      },
      { resumedFrom: id, cwd: options.cwd ?? undefined }
    );
  }

  rename(id: string, title: string): IRunRecord {
    this.get(id);
    this.deps.events.publish(this.deps.store.setTitle(id, title));
    return this.get(id);
  }

  /** The runs of a renamed or moved notebook (or folder) follow it. */
  moveNotebook(from: string, to: string): number {
    const events = this.deps.store.moveNotebook(from, to);
    this.deps.events.publish(events);
    return events.length;
  }

  outputs(id: string): IRunOutputs {
    this.get(id);
    return this.deps.store.getOutputs(id);
  }

  /** The code cells' sources as the run received them (from its notebook snapshot). */
  sources(id: string): IRunSources {
    const snapshot = this.deps.store.getSnapshot(id);
    if (!snapshot) {
      throw new NotFoundError(`no run with id "${id}"`);
    }
    return { cells: codeCellSources(snapshot.notebook) };
  }

  /** Runs side by side (parameters, metrics, steps and their code). */
  compare(ids: readonly string[]): IRunComparison {
    return compareRuns(
      ids.map(id => {
        const record = this.get(id);
        const snapshot = this.deps.store.getSnapshot(id);
        return {
          record,
          code: snapshot
            ? stepCode(snapshot.notebook, snapshot.compiled.steps)
            : {}
        };
      })
    );
  }

  async delete(id: string): Promise<void> {
    const run = this.get(id);
    // Another process (the server, a CLI run) may be running it.
    if (this.active.has(id) || !FINISHED.has(run.status)) {
      throw new ConflictError(
        `run ${id} is ${run.status}: cancel it before deleting it`
      );
    }
    this.deps.beforeDelete?.(id);
    // Best effort: an unreachable cluster must not keep the record alive.
    await this.deps.executors
      .get(run.target)
      ?.deleteRun?.(id)
      .catch((err: unknown) =>
        this.deps.logger.warn(
          { err, run: id },
          'could not delete the run from where it ran'
        )
      );
    this.deps.events.publish(this.deps.store.deleteRun(id));
    await this.deps.artifacts.deleteRun(id);
  }

  /** Resolves when the run has finished (for the CLI and tests). */
  async wait(id: string): Promise<IRunRecord> {
    await this.active.get(id)?.done;
    return this.get(id);
  }

  /**
   * Orderly shutdown: cancels what runs here and waits for it to settle;
   * runs whose steps live on without the server (Kubernetes) are detached,
   * and the next server carries them on.
   */
  async stop(reason = 'the server stopped'): Promise<void> {
    const runs = [...this.active.values()];
    for (const run of runs) {
      if (run.executor.reattaches) {
        run.detach();
      } else {
        run.cancel(reason);
      }
    }
    await Promise.all(runs.map(r => r.done));
  }

  private workingDir(notebookPath: string | undefined): string {
    const root = resolve(this.deps.notebookRoot);
    if (!notebookPath) {
      return root;
    }
    const dir = resolve(root, dirname(notebookPath));
    const inside = !relative(root, dir).startsWith('..');
    return inside && existsSync(dir) ? dir : root;
  }
}
