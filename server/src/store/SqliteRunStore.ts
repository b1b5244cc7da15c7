import type Database from './sqliteDatabase.js';

import type {
  ICompileResult,
  IEventEnvelope,
  ILogLine,
  IRunList,
  IRunOutputs,
  IRunRecord,
  DeploymentEvent,
  RunEvent
} from '../contract/wire.js';
import type {
  ICacheEntry,
  INewCellOutput,
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
  cacheRow,
  fromJson,
  publicArtifact,
  toCacheEntry,
  toLogLine,
  toMetric,
  toStepRecord,
  toStoredArtifact
} from './rowMapping.js';
import { joinStreams } from './cellOutputRows.js';
import { openRunDatabase } from './sqliteSchema.js';
import {
  listRunsStatements,
  prepareStatements,
  runSummary,
  type IEventRow,
  type IListRunsStatements,
  type Statements
} from './sqliteStatements.js';
import { RunWrites } from './sqliteWrites.js';

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

const MAX_INT = Number.MAX_SAFE_INTEGER;

function toEnvelope(row: IEventRow): IEventEnvelope {
  return {
    seq: row.seq,
    runId: row.run_id,
    at: row.at,
    event: fromJson<RunEvent | DeploymentEvent>(row.payload)
  };
}

/**
 * A search text as named filters: `lr=0.1` is a parameter's value (`kN`,
 * `vN`), any other word must appear somewhere in the run (`wN`).
 */
export function searchFilter(text: string | undefined): Record<string, string> {
  const filter: Record<string, string> = {};
  (text ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .forEach((word, i) => {
      const eq = word.indexOf('=');
      if (eq > 0) {
        filter[`k${i}`] = word.slice(0, eq);
        filter[`v${i}`] = word.slice(eq + 1);
      } else {
        filter[`w${i}`] = word;
      }
    });
  return filter;
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
  private readonly writes: RunWrites;
  private readonly listStatements: (filter: object) => IListRunsStatements;

  constructor(readonly path: string) {
    this.db = openRunDatabase(path);
    this.sql = prepareStatements(this.db);
    this.writes = new RunWrites(this.sql);
    this.listStatements = listRunsStatements(this.db);
  }

  createRun(run: INewRun): IEventEnvelope {
    return this.write(w => w.createRun(run));
  }

  updateRun(id: string, patch: IRunPatch): IEventEnvelope {
    return this.write(w => w.updateRun(id, patch));
  }

  updateStep(runId: string, step: string, patch: IStepPatch): IEventEnvelope {
    return this.write(w => w.updateStep(runId, step, patch));
  }

  appendLogs(
    runId: string,
    step: string,
    lines: ReadonlyArray<Pick<ILogLine, 'stream' | 'line'>>
  ): IEventEnvelope[] {
    return this.write(w => w.appendLogs(runId, step, lines));
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
    return this.write(w => w.addMetric(runId, step, name, value));
  }

  addArtifact(runId: string, artifact: IStoredArtifact): IEventEnvelope {
    return this.write(w => w.addArtifact(runId, artifact));
  }

  deleteRun(id: string): IEventEnvelope {
    return this.write(w => w.deleteRun(id));
  }

  addOutputs(
    runId: string,
    step: string,
    outputs: ReadonlyArray<INewCellOutput>
  ): IEventEnvelope[] {
    return this.write(w => w.outputs.add(runId, step, outputs));
  }

  clearOutputs(runId: string, step: string): IEventEnvelope {
    return this.write(w => w.outputs.clear(runId, step));
  }

  copyOutputs(fromRun: string, runId: string, step: string): IEventEnvelope[] {
    return this.write(w => w.outputs.copy(fromRun, runId, step));
  }

  getOutputs(runId: string): IRunOutputs {
    return this.read(sql => ({
      seq: sql.headSeq.get() ?? 0,
      cells: joinStreams(sql.outputs.all(runId))
    }));
  }

  setTitle(runId: string, title: string): IEventEnvelope {
    return this.write(w => w.setTitle(runId, title));
  }

  moveNotebook(from: string, to: string): IEventEnvelope[] {
    return this.write(w => w.moveNotebook(from, to));
  }

  getRun(id: string): IRunRecord | undefined {
    return this.read(sql => {
      const row = sql.run.get(id);
      if (!row) {
        return undefined;
      }
      const compiled = fromJson<ICompileResult>(sql.compiled.get(id)!);
      return {
        ...runSummary(sql, row),
        seq: sql.headSeq.get() ?? 0,
        steps: sql.steps.all(id).map(toStepRecord),
        edges: compiled.edges,
        order: compiled.order,
        metrics: sql.metrics.all(id).map(toMetric),
        artifacts: sql.artifacts
          .all(id)
          .map(row => publicArtifact(toStoredArtifact(row)))
      };
    });
  }

  listRuns(query: IRunQuery): IRunList {
    const limit = clampInt(query.limit, 50, 1, 500);
    const offset = clampInt(query.offset, 0, 0, MAX_INT);
    const filter: Record<string, string> = searchFilter(query.text);
    if (query.status !== undefined) {
      filter.status = query.status;
    }
    if (query.notebookPath !== undefined) {
      filter.notebookPath = query.notebookPath;
    }
    return this.read(sql => {
      const { page, count } = this.listStatements(filter);
      const rows = page.all({ ...filter, limit, offset });
      return {
        seq: sql.headSeq.get() ?? 0,
        runs: rows.map(row => runSummary(sql, row)),
        total: count.get(filter)!,
        offset,
        limit
      };
    });
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

  /** `limit`: default 10,000; the caller's value is not capped. */
  getLogs(runId: string, step: string, after = 0, limit = 10_000): ILogLine[] {
    const from = clampInt(after, 0, 0, MAX_INT);
    const max = clampInt(limit, 10_000, 1, MAX_INT);
    return this.live().logs.all(runId, step, from, max).map(toLogLine);
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

  /** `limit`: default 10,000; the caller's value is not capped. */
  eventsSince(
    after: number,
    channel: 'runs' | 'deployments' | { runId: string },
    limit = 10_000
  ): IEventEnvelope[] {
    const from = clampInt(after, 0, 0, MAX_INT);
    const max = clampInt(limit, 10_000, 1, MAX_INT);
    const sql = this.live();
    const rows =
      channel === 'runs'
        ? sql.eventsOfRunList.all(from, max)
        : channel === 'deployments'
          ? sql.eventsOfDeployments.all(from, max)
          : sql.eventsOfRun.all(channel.runId, from, max);
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

  interruptInFlight(
    reason: string,
    keepTargets: ReadonlySet<string> = new Set()
  ): {
    events: IEventEnvelope[];
    pids: IStepPid[];
    kept: string[];
  } {
    return this.write(w => w.interruptInFlight(reason, keepTargets));
  }

  close(): void {
    if (this.db.open) {
      this.db.close();
    }
  }

  /** The statements, after checking the store is still open. */
  private live(): Statements {
    if (!this.db.open) {
      throw new Error(`run store ${this.path} is closed`);
    }
    return this.sql;
  }

  /** One IMMEDIATE transaction: takes the write lock before reading. */
  private write<T>(body: (writes: RunWrites) => T): T {
    this.live();
    return this.db.transaction(() => body(this.writes)).immediate();
  }

  /** One read transaction: every statement in `body` sees one snapshot. */
  private read<T>(body: (sql: Statements) => T): T {
    const sql = this.live();
    return this.db.transaction(() => body(sql)).deferred();
  }
}
