import type {
  ICompiledStep,
  ICompileResult,
  IEventEnvelope,
  ILogLine,
  RunEvent
} from '../contract/wire.js';
import type {
  INewRun,
  IRunPatch,
  IStepPatch,
  IStepPid,
  IStoredArtifact
} from './RunStore.js';
import {
  artifactRow,
  newRunRow,
  newStepRow,
  patchRunRow,
  patchStepRow,
  publicArtifact,
  toStepRecord,
  type IRunRow,
  type IStepRow
} from './rowMapping.js';
import { OutputWrites } from './cellOutputRows.js';
import { runSummary, type Statements } from './sqliteStatements.js';

const now = () => new Date().toISOString();

/** The compiled steps in `order`; any step `order` misses goes last. */
function orderedSteps(compiled: ICompileResult): ICompiledStep[] {
  const rank = new Map(compiled.order.map((name, i) => [name, i]));
  const last = compiled.order.length;
  return compiled.steps
    .map((step, i) => ({ step, key: rank.get(step.name) ?? last + i }))
    .sort((a, b) => a.key - b.key)
    .map(({ step }) => step);
}

/** How a crash leaves a step of an interrupted run (undefined: as it is). */
function interruptedStep(
  step: IStepRow,
  reason: string,
  at: string
): IStepPatch | undefined {
  if (step.status === 'running' || step.status === 'queued') {
    const error = { kind: 'interrupted', message: reason };
    return { status: 'failed', reason, error, finishedAt: at, pid: null };
  }
  return step.status === 'pending'
    ? { status: 'skipped', reason, pid: null }
    : undefined;
}

/**
 * The bodies of the store's changes: each applies one change and appends
 * the event rows describing it. They must run inside a write transaction
 * (SqliteRunStore opens it), so a change and its events commit together.
 */
export class RunWrites {
  readonly outputs: OutputWrites;

  constructor(private readonly sql: Statements) {
    this.outputs = new OutputWrites(sql, (runId, event) =>
      this.emit(runId, event)
    );
  }

  createRun(run: INewRun): IEventEnvelope {
    if (this.sql.run.get(run.id)) {
      throw new Error(`run ${run.id} already exists`);
    }
    this.sql.insertRun.run(newRunRow(run));
    this.sql.setTitle.run(run.id, run.title);
    const at = now();
    orderedSteps(run.compiled).forEach((step, position) => {
      const row = newStepRow(run.id, position, step);
      this.sql.insertStep.run(row);
      this.recordStatus(row, at);
    });
    const summary = runSummary(this.sql, this.runRow(run.id));
    return this.emit(run.id, { type: 'run.created', run: summary });
  }

  updateRun(id: string, patch: IRunPatch): IEventEnvelope {
    return this.patchRun(this.runRow(id), patch);
  }

  updateStep(runId: string, step: string, patch: IStepPatch): IEventEnvelope {
    return this.patchStep(this.stepRow(runId, step), patch);
  }

  appendLogs(
    runId: string,
    step: string,
    lines: ReadonlyArray<Pick<ILogLine, 'stream' | 'line'>>
  ): IEventEnvelope[] {
    this.stepRow(runId, step);
    let seq = this.sql.lastLogSeq.get(runId, step) ?? 0;
    const at = now();
    return lines.map(({ stream, line }) => {
      const log: ILogLine = { step, seq: ++seq, stream, line, at };
      this.sql.insertLog.run({ run_id: runId, ...log });
      return this.emit(runId, { type: 'step.log', runId, log }, at);
    });
  }

  addMetric(
    runId: string,
    step: string,
    name: string,
    value: number
  ): IEventEnvelope {
    this.stepRow(runId, step);
    const metric = { step, name, value, at: now() };
    this.sql.insertMetric.run({ run_id: runId, ...metric });
    return this.emit(runId, { type: 'step.metric', runId, metric });
  }

  /** Replaces an artifact of the same step and name (a retry rewrites it). */
  addArtifact(runId: string, artifact: IStoredArtifact): IEventEnvelope {
    this.stepRow(runId, artifact.step);
    this.sql.upsertArtifact.run(artifactRow(runId, artifact));
    return this.emit(runId, {
      type: 'step.artifact',
      runId,
      artifact: publicArtifact(artifact)
    });
  }

  setTitle(id: string, title: string): IEventEnvelope {
    const row = this.runRow(id);
    this.sql.setTitle.run(id, title);
    const run = runSummary(this.sql, { ...row, title });
    return this.emit(id, { type: 'run.updated', run });
  }

  /** Re-points the runs of a renamed notebook, or of the notebooks in a renamed folder. */
  moveNotebook(from: string, to: string): IEventEnvelope[] {
    return this.sql.runsOfNotebook.all(from, from, from).map(row => {
      const path = to + (row.notebook_path ?? '').slice(from.length);
      this.sql.setNotebookPath.run(path, row.id);
      const run = runSummary(this.sql, { ...row, notebook_path: path });
      return this.emit(row.id, { type: 'run.updated', run });
    });
  }

  deleteRun(id: string): IEventEnvelope {
    this.runRow(id);
    this.sql.deleteRun.run(id);
    return this.emit(id, { type: 'run.deleted', runId: id });
  }

  /** Per run: the step changes first, then the run's (final counts). */
  interruptInFlight(
    reason: string,
    keepTargets: ReadonlySet<string>
  ): {
    events: IEventEnvelope[];
    pids: IStepPid[];
    kept: string[];
  } {
    const at = now();
    const events: IEventEnvelope[] = [];
    const pids: IStepPid[] = [];
    const kept: string[] = [];
    for (const run of this.sql.runsWithStatus.all('queued', 'running')) {
      if (keepTargets.has(run.target)) {
        kept.push(run.id);
        continue;
      }
      for (const step of this.sql.steps.all(run.id)) {
        const patch = interruptedStep(step, reason, at);
        if (patch?.status === 'failed' && step.pid !== null) {
          pids.push({ runId: run.id, step: step.name, pid: step.pid });
        }
        if (patch) {
          events.push(this.patchStep(step, patch));
        }
      }
      const patch: IRunPatch = { status: 'failed', finishedAt: at, reason };
      events.push(this.patchRun(run, patch));
    }
    return { events, pids, kept };
  }

  private patchRun(before: IRunRow, patch: IRunPatch): IEventEnvelope {
    const after = patchRunRow(before, patch);
    this.sql.updateRun.run(after);
    const run = runSummary(this.sql, after);
    return this.emit(after.id, { type: 'run.updated', run });
  }

  private patchStep(before: IStepRow, patch: IStepPatch): IEventEnvelope {
    const after = patchStepRow(before, patch);
    this.sql.updateStep.run(after);
    if (after.status !== before.status) {
      this.recordStatus(after, now());
    }
    const step = toStepRecord(after);
    const runId = after.run_id;
    return this.emit(runId, { type: 'step.updated', runId, step });
  }

  private recordStatus(step: IStepRow, at: string): void {
    this.sql.insertHistory.run({
      run_id: step.run_id,
      step: step.name,
      status: step.status,
      attempt: step.attempt,
      reason: step.reason,
      at
    });
  }

  /** Appends one event row; `run.*` events also go to the `runs` channel. */
  private emit(
    runId: string,
    event: RunEvent,
    at: string = now()
  ): IEventEnvelope {
    const { lastInsertRowid } = this.sql.insertEvent.run({
      run_id: runId,
      runs_channel: event.type.startsWith('run.') ? 1 : 0,
      type: event.type,
      payload: JSON.stringify(event),
      at
    });
    return { seq: Number(lastInsertRowid), runId, at, event };
  }

  private runRow(id: string): IRunRow {
    const row = this.sql.run.get(id);
    if (!row) {
      throw new Error(`unknown run ${id}`);
    }
    return row;
  }

  private stepRow(runId: string, step: string): IStepRow {
    const row = this.sql.step.get(runId, step);
    if (!row) {
      throw new Error(`run ${runId} has no step ${step}`);
    }
    return row;
  }
}
