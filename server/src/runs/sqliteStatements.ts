import type Database from 'better-sqlite3';

import type { RunStatus } from '../http/wire.js';
import type {
  IArtifactRow,
  ICacheRow,
  ILogRow,
  IMetricRow,
  INewRunRow,
  IRunRow,
  IStatusCount,
  IStepRow
} from './rowMapping.js';

export const RUN_COLUMNS =
  'id, name, notebook_path, status, target, created_at, started_at, ' +
  'finished_at, reason, parameters, cache, resumed_from';

const STEP_MUTABLE = [
  'status',
  'attempt',
  'cache_key',
  'cached_from',
  'started_at',
  'finished_at',
  'exit_code',
  'signal',
  'reason',
  'error',
  'pid'
];

function insertSql(table: string, columns: readonly string[]): string {
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns
    .map(c => `@${c}`)
    .join(', ')})`;
}

export interface IEventRow {
  seq: number;
  run_id: string | null;
  payload: string;
  at: string;
}

export interface INewEventRow {
  run_id: string | null;
  runs_channel: number;
  type: string;
  payload: string;
  at: string;
}

export interface IHistoryRow {
  run_id: string;
  step: string;
  status: string;
  attempt: number;
  reason: string | null;
  at: string;
}

export interface ISnapshotRow {
  notebook: string;
  compiled: string;
  options: string;
}

/** Every fixed statement the store runs, prepared once per connection. */
export function prepareStatements(db: Database.Database) {
  const runOnly = <R>(sql: string) => db.prepare<[string], R>(sql);
  const stepOnly = <R>(sql: string) => db.prepare<[string, string], R>(sql);
  return {
    insertRun: db.prepare<INewRunRow>(
      insertSql('runs', [
        ...RUN_COLUMNS.split(', '),
        'options',
        'notebook',
        'compiled'
      ])
    ),
    run: runOnly<IRunRow>(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`),
    updateRun: db.prepare<IRunRow>(
      'UPDATE runs SET status = @status, started_at = @started_at, ' +
        'finished_at = @finished_at, reason = @reason WHERE id = @id'
    ),
    deleteRun: runOnly<never>('DELETE FROM runs WHERE id = ?'),
    snapshot: runOnly<ISnapshotRow>(
      'SELECT notebook, compiled, options FROM runs WHERE id = ?'
    ),
    compiled: runOnly<string>('SELECT compiled FROM runs WHERE id = ?').pluck(),
    runsWithStatus: db.prepare<[RunStatus, RunStatus], IRunRow>(
      `SELECT ${RUN_COLUMNS} FROM runs WHERE status IN (?, ?) ` +
        'ORDER BY created_at, id'
    ),

    insertStep: db.prepare<IStepRow>(
      insertSql('steps', [
        'run_id',
        'name',
        'position',
        'inputs',
        'outputs',
        'depends_on',
        'cells',
        ...STEP_MUTABLE
      ])
    ),
    step: stepOnly<IStepRow>(
      'SELECT * FROM steps WHERE run_id = ? AND name = ?'
    ),
    steps: runOnly<IStepRow>(
      'SELECT * FROM steps WHERE run_id = ? ORDER BY position'
    ),
    updateStep: db.prepare<IStepRow>(
      `UPDATE steps SET ${STEP_MUTABLE.map(c => `${c} = @${c}`).join(', ')} ` +
        'WHERE run_id = @run_id AND name = @name'
    ),
    stepCounts: runOnly<IStatusCount>(
      'SELECT status, COUNT(*) AS count FROM steps WHERE run_id = ? ' +
        'GROUP BY status ORDER BY status'
    ),
    insertHistory: db.prepare<IHistoryRow>(
      insertSql('step_status_history', [
        'run_id',
        'step',
        'status',
        'attempt',
        'reason',
        'at'
      ])
    ),

    lastLogSeq: stepOnly<number>(
      'SELECT COALESCE(MAX(seq), 0) FROM logs WHERE run_id = ? AND step = ?'
    ).pluck(),
    insertLog: db.prepare<ILogRow & { run_id: string }>(
      insertSql('logs', ['run_id', 'step', 'seq', 'stream', 'line', 'at'])
    ),
    logs: db.prepare<[string, string, number, number], ILogRow>(
      'SELECT step, seq, stream, line, at FROM logs ' +
        'WHERE run_id = ? AND step = ? AND seq > ? ORDER BY seq LIMIT ?'
    ),

    insertMetric: db.prepare<IMetricRow & { run_id: string }>(
      insertSql('metrics', ['run_id', 'step', 'name', 'value', 'at'])
    ),
    metrics: runOnly<IMetricRow>(
      'SELECT step, name, value, at FROM metrics WHERE run_id = ? ORDER BY id'
    ),

    upsertArtifact: db.prepare<IArtifactRow>(
      insertSql('artifacts', [
        'run_id',
        'step',
        'name',
        'type',
        'format',
        'size',
        'sha256',
        'path'
      ]) +
        ' ON CONFLICT (run_id, step, name) DO UPDATE SET type = excluded.type, ' +
        'format = excluded.format, size = excluded.size, ' +
        'sha256 = excluded.sha256, path = excluded.path'
    ),
    artifact: db.prepare<[string, string, string], IArtifactRow>(
      'SELECT * FROM artifacts WHERE run_id = ? AND step = ? AND name = ?'
    ),
    artifacts: runOnly<IArtifactRow>(
      'SELECT * FROM artifacts WHERE run_id = ? ORDER BY id'
    ),

    insertEvent: db.prepare<INewEventRow>(
      insertSql('events', ['run_id', 'runs_channel', 'type', 'payload', 'at'])
    ),
    eventsOfRun: db.prepare<[string, number, number], IEventRow>(
      'SELECT seq, run_id, payload, at FROM events ' +
        'WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?'
    ),
    eventsOfRunList: db.prepare<[number, number], IEventRow>(
      'SELECT seq, run_id, payload, at FROM events ' +
        'WHERE runs_channel = 1 AND seq > ? ORDER BY seq LIMIT ?'
    ),
    headSeq: db
      .prepare<[], number>(
        "SELECT seq FROM sqlite_sequence WHERE name = 'events'"
      )
      .pluck(),

    putCache: db.prepare<ICacheRow>(
      insertSql('cache', ['key', 'run_id', 'step', 'artifacts', 'created_at']) +
        ' ON CONFLICT (key) DO UPDATE SET run_id = excluded.run_id, ' +
        'step = excluded.step, artifacts = excluded.artifacts, ' +
        'created_at = excluded.created_at'
    ),
    cache: runOnly<ICacheRow>('SELECT * FROM cache WHERE key = ?')
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

const FILTER_COLUMNS: Record<string, string> = {
  status: 'status',
  notebookPath: 'notebook_path'
};

/** `listRuns` SQL for the given filters (`status`, `notebookPath`). */
function listRunsSql(filters: readonly string[]): {
  page: string;
  count: string;
} {
  const where = filters.map(name => `${FILTER_COLUMNS[name]} = @${name}`);
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  return {
    page:
      `SELECT ${RUN_COLUMNS} FROM runs ${clause} ` +
      'ORDER BY created_at DESC, id LIMIT @limit OFFSET @offset',
    count: `SELECT COUNT(*) FROM runs ${clause}`
  };
}

export interface IListRunsStatements {
  page: Database.Statement<[object], IRunRow>;
  count: Database.Statement<[object], number>;
}

/**
 * `listRuns` statements by the filters given (named like the query fields),
 * each combination prepared on first use.
 */
export function listRunsStatements(
  db: Database.Database
): (filter: object) => IListRunsStatements {
  const prepared = new Map<string, IListRunsStatements>();
  return filter => {
    const names = Object.keys(filter).sort();
    const key = names.join('+');
    let statements = prepared.get(key);
    if (!statements) {
      const sql = listRunsSql(names);
      statements = {
        page: db.prepare<[object], IRunRow>(sql.page),
        count: db.prepare<[object], number>(sql.count).pluck()
      };
      prepared.set(key, statements);
    }
    return statements;
  };
}
