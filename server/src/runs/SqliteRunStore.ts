import type Database from 'better-sqlite3';

import type {
  ICompiledStep,
  ICompileResult,
  IEventEnvelope,
  ILogLine,
  IRunList,
  IRunRecord,
  IRunSummary,
  RunEvent
} from '../http/wire.js';
import type {
  ICacheEntry,
  INewRun,
  IRunPatch,
  IRunQuery,
  IRunSnapshot,
  IRunStore,
  IStepPatch,
  IStepPid,
  IStoredArtifact
} from './RunStore.js';
import {
  artifactRow,
  cacheRow,
  fromJson,
  newRunRow,
  newStepRow,
  patchRunRow,
  patchStepRow,
  publicArtifact,
  toCacheEntry,
  toLogLine,
  toMetric,
  toRunSummary,
  toStepRecord,
  toStoredArtifact,
  type IRunRow,
  type IStepRow
} from './rowMapping.js';
import { openRunDatabase } from './sqliteSchema.js';
import {
  listRunsSql,
  prepareStatements,
  type IEventRow,
  type Statements
} from './sqliteStatements.js';

const now = () => new Date().toISOString();

/** An integer within [min, max]; `fallback` when `value` is not a number. */
function clampInt(
  value: number | undefined,
  fallback: number,
  min: number,
  max: number
): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return fallback;
  }
  return Math.min(max, Math.max(min, Math.trunc(value)));
}

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

function toEnvelope(row: IEventRow): IEventEnvelope {
  return {
    seq: row.seq,
    runId: row.run_id,
    at: row.at,
    event: fromJson<RunEvent>(row.payload)
  };
}

/**
 * The run store on one SQLite file (WAL; several connections, even from
 * several processes, may share it). Each change runs in one IMMEDIATE
 * transaction together with the events it produces; multi-statement reads
 * run in one read transaction, so they see a single snapshot.
 *
 * `updateStep` emits only `step.updated`: the run list's `stepCounts` are
 * refreshed by the next `run.updated` (and are always exact in reads).
 */
export class SqliteRunStore implements IRunStore {
  private readonly db: Database.Database;
  private readonly sql: Statements;
  private readonly listStatements = new Map<
    string,
    {
      page: Database.Statement<[object], IRunRow>;
      count: Database.Statement<[object], number>;
    }
  >();

  constructor(readonly path: string) {
    this.db = openRunDatabase(path);
    this.sql = prepareStatements(this.db);
  }

  createRun(run: INewRun): IEventEnvelope {
    return this.write(() => {
      if (this.sql.run.get(run.id)) {
        throw new Error(`run ${run.id} already exists`);
      }
      this.sql.insertRun.run(newRunRow(run));
      const at = now();
      orderedSteps(run.compiled).forEach((step, position) => {
        const row = newStepRow(run.id, position, step);
        this.sql.insertStep.run(row);
        this.recordStatus(row, at);
      });
      const summary = this.summaryOf(this.runRow(run.id));
      return this.emit(run.id, { type: 'run.created', run: summary });
    });
  }

  updateRun(id: string, patch: IRunPatch): IEventEnvelope {
    return this.write(() => this.patchRun(this.runRow(id), patch));
  }

  updateStep(runId: string, step: string, patch: IStepPatch): IEventEnvelope {
    return this.write(() => this.patchStep(this.stepRow(runId, step), patch));
  }

  appendLogs(
    runId: string,
    step: string,
    lines: ReadonlyArray<Pick<ILogLine, 'stream' | 'line'>>
  ): IEventEnvelope[] {
    return this.write(() => {
      this.stepRow(runId, step);
      let seq = this.sql.lastLogSeq.get(runId, step) ?? 0;
      const at = now();
      return lines.map(({ stream, line }) => {
        const log: ILogLine = { step, seq: ++seq, stream, line, at };
        this.sql.insertLog.run({ run_id: runId, ...log });
        return this.emit(runId, { type: 'step.log', runId, log }, at);
      });
    });
  }

  addMetric(
    runId: string,
    step: string,
    name: string,
    value: number
  ): IEventEnvelope {
    if (!Number.isFinite(value)) {
      throw new Error(`metric ${name} of step ${step}: ${value} is not finite`);
    }
    return this.write(() => {
      this.stepRow(runId, step);
      const metric = { step, name, value, at: now() };
      this.sql.insertMetric.run({ run_id: runId, ...metric });
      return this.emit(runId, { type: 'step.metric', runId, metric });
    });
  }

  addArtifact(runId: string, artifact: IStoredArtifact): IEventEnvelope {
    return this.write(() => {
      this.stepRow(runId, artifact.step);
      this.sql.upsertArtifact.run(artifactRow(runId, artifact));
      const event: RunEvent = {
        type: 'step.artifact',
        runId,
        artifact: publicArtifact(artifact)
      };
      return this.emit(runId, event);
    });
  }

  deleteRun(id: string): IEventEnvelope {
    return this.write(() => {
      this.runRow(id);
      this.sql.deleteRun.run(id);
      return this.emit(id, { type: 'run.deleted', runId: id });
    });
  }

  getRun(id: string): IRunRecord | undefined {
    return this.read(() => {
      const row = this.sql.run.get(id);
      if (!row) {
        return undefined;
      }
      const compiled = fromJson<ICompileResult>(this.sql.compiled.get(id)!);
      return {
        ...this.summaryOf(row),
        steps: this.sql.steps.all(id).map(toStepRecord),
        edges: compiled.edges,
        order: compiled.order,
        metrics: this.sql.metrics.all(id).map(toMetric),
        artifacts: this.sql.artifacts.all(id).map(publicArtifact)
      };
    });
  }

  listRuns(query: IRunQuery): IRunList {
    const limit = clampInt(query.limit, 50, 1, 500);
    const offset = clampInt(query.offset, 0, 0, Number.MAX_SAFE_INTEGER);
    const filter: { status?: string; notebookPath?: string } = {};
    if (query.status !== undefined) {
      filter.status = query.status;
    }
    if (query.notebookPath !== undefined) {
      filter.notebookPath = query.notebookPath;
    }
    const { page, count } = this.listStatementsFor(filter);
    return this.read(() => ({
      runs: page
        .all({ ...filter, limit, offset })
        .map(row => this.summaryOf(row)),
      total: count.get(filter)!,
      offset,
      limit
    }));
  }

  getSnapshot(id: string): IRunSnapshot | undefined {
    const row = this.live().snapshot.get(id);
    return (
      row && {
        notebook: fromJson<unknown>(row.notebook),
        compiled: fromJson<ICompileResult>(row.compiled),
        options: fromJson<Record<string, unknown>>(row.options)
      }
    );
  }

  getLogs(runId: string, step: string, after = 0, limit = 10_000): ILogLine[] {
    return this.live()
      .logs.all(
        runId,
        step,
        clampInt(after, 0, 0, Number.MAX_SAFE_INTEGER),
        clampInt(limit, 10_000, 1, 100_000)
      )
      .map(toLogLine);
  }

  getArtifact(
    runId: string,
    step: string,
    name: string
  ): IStoredArtifact | undefined {
    const row = this.live().artifact.get(runId, step, name);
    return row && toStoredArtifact(row);
  }

  listArtifacts(runId: string): IStoredArtifact[] {
    return this.live().artifacts.all(runId).map(toStoredArtifact);
  }

  eventsSince(
    after: number,
    channel: 'runs' | { runId: string },
    limit = 10_000
  ): IEventEnvelope[] {
    const from = clampInt(after, 0, 0, Number.MAX_SAFE_INTEGER);
    const max = clampInt(limit, 10_000, 1, 100_000);
    const rows =
      channel === 'runs'
        ? this.live().eventsOfRunList.all(from, max)
        : this.live().eventsOfRun.all(channel.runId, from, max);
    return rows.map(toEnvelope);
  }

  headSeq(): number {
    return this.live().headSeq.get() ?? 0;
  }

  findCache(key: string): ICacheEntry | undefined {
    const row = this.live().cache.get(key);
    return row && toCacheEntry(row);
  }

  putCache(entry: ICacheEntry): void {
    this.write(() => this.sql.putCache.run(cacheRow(entry)));
  }

  interruptInFlight(reason: string): {
    events: IEventEnvelope[];
    pids: IStepPid[];
  } {
    return this.write(() => {
      const at = now();
      const events: IEventEnvelope[] = [];
      const pids: IStepPid[] = [];
      for (const run of this.sql.runsWithStatus.all('queued', 'running')) {
        for (const step of this.sql.steps.all(run.id)) {
          const patch = interruptedStep(step, reason, at);
          if (patch && patch.status === 'failed' && step.pid !== null) {
            pids.push({ runId: run.id, step: step.name, pid: step.pid });
          }
          if (patch) {
            events.push(this.patchStep(step, patch));
          }
        }
        const patch: IRunPatch = { status: 'failed', finishedAt: at, reason };
        events.push(this.patchRun(run, patch));
      }
      return { events, pids };
    });
  }

  close(): void {
    if (this.db.open) {
      this.db.close();
    }
  }

  /* ---- inside transactions ------------------------------------------ */

  private patchRun(before: IRunRow, patch: IRunPatch): IEventEnvelope {
    const after = patchRunRow(before, patch);
    this.sql.updateRun.run(after);
    const run = this.summaryOf(after);
    return this.emit(after.id, { type: 'run.updated', run });
  }

  private patchStep(before: IStepRow, patch: IStepPatch): IEventEnvelope {
    const after = patchStepRow(before, patch);
    this.sql.updateStep.run(after);
    if (after.status !== before.status) {
      this.recordStatus(after, now());
    }
    const step = toStepRecord(after);
    return this.emit(after.run_id, {
      type: 'step.updated',
      runId: after.run_id,
      step
    });
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

  private summaryOf(row: IRunRow): IRunSummary {
    return toRunSummary(row, this.sql.stepCounts.all(row.id));
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

  /* ---- connection --------------------------------------------------- */

  /** The statements, after checking the store is still open. */
  private live(): Statements {
    if (!this.db.open) {
      throw new Error(`run store ${this.path} is closed`);
    }
    return this.sql;
  }

  private write<T>(body: () => T): T {
    this.live();
    return this.db.transaction(body).immediate();
  }

  private read<T>(body: () => T): T {
    this.live();
    return this.db.transaction(body).deferred();
  }

  /** The paging and counting statements for one combination of filters. */
  private listStatementsFor(filter: object) {
    this.live();
    const key = Object.keys(filter).sort().join('+');
    let statements = this.listStatements.get(key);
    if (!statements) {
      const sql = listRunsSql(key.split('+').filter(Boolean));
      statements = {
        page: this.db.prepare<[object], IRunRow>(sql.page),
        count: this.db.prepare<[object], number>(sql.count).pluck()
      };
      this.listStatements.set(key, statements);
    }
    return statements;
  }
}
