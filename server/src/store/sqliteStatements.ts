import type Database from './sqliteDatabase.js';

import type { IRunSummary, RunStatus } from '../contract/wire.js';
import {
  toRunSummary,
  type IArtifactRow,
  type ICacheRow,
  type ICellOutputRow,
  type ILogRow,
  type IMetricRow,
  type INewRunRow,
  type IRunRow,
  type IStatusCount,
  type IStepRow
} from './rowMapping.js';

export const RUN_COLUMNS =
  'id, name, notebook_path, status, target, created_at, started_at, ' +
  'finished_at, reason, parameters, cache, resumed_from';

/** What a run summary reads: the columns, and the title from its own table. */
const RUN_SELECT =
  `${RUN_COLUMNS}, COALESCE((SELECT title FROM run_titles ` +
  'WHERE run_titles.run_id = runs.id), name) AS title';

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

/** `INSERT ... ON CONFLICT (key) DO UPDATE` the other columns. */
function upsertSql(
  table: string,
  columns: readonly string[],
  key: readonly string[]
): string {
  const set = columns
    .filter(c => !key.includes(c))
    .map(c => `${c} = excluded.${c}`);
  return (
    insertSql(table, columns) +
    ` ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${set.join(', ')}`
  );
}

const byRun = <R>(db: Database.Database, sql: string) =>
  db.prepare<[string], R>(sql);
const byStep = <R>(db: Database.Database, sql: string) =>
  db.prepare<[string, string], R>(sql);

function runStatements(db: Database.Database) {
  const snapshotColumns = ['options', 'notebook', 'compiled'];
  return {
    insertRun: db.prepare<INewRunRow>(
      insertSql('runs', [...RUN_COLUMNS.split(', '), ...snapshotColumns])
    ),
    run: byRun<IRunRow>(db, `SELECT ${RUN_SELECT} FROM runs WHERE id = ?`),
    updateRun: db.prepare<IRunRow>(
      'UPDATE runs SET status = @status, started_at = @started_at, ' +
        'finished_at = @finished_at, reason = @reason WHERE id = @id'
    ),
    deleteRun: byRun<never>(db, 'DELETE FROM runs WHERE id = ?'),
    snapshot: byRun<ISnapshotRow>(
      db,
      'SELECT notebook, compiled, options FROM runs WHERE id = ?'
    ),
    compiled: byRun<string>(
      db,
      'SELECT compiled FROM runs WHERE id = ?'
    ).pluck(),
    setTitle: db.prepare<[string, string]>(
      'INSERT INTO run_titles (run_id, title) VALUES (?, ?) ' +
        'ON CONFLICT (run_id) DO UPDATE SET title = excluded.title'
    ),
    /** Runs of the notebook itself, or of any notebook under it as a folder. */
    runsOfNotebook: db.prepare<[string, string, string], IRunRow>(
      `SELECT ${RUN_SELECT} FROM runs WHERE notebook_path = ? ` +
        "OR substr(notebook_path, 1, length(?) + 1) = ? || '/'"
    ),
    setNotebookPath: db.prepare<[string | null, string]>(
      'UPDATE runs SET notebook_path = ? WHERE id = ?'
    ),
    runsWithStatus: db.prepare<[RunStatus, RunStatus], IRunRow>(
      `SELECT ${RUN_SELECT} FROM runs WHERE status IN (?, ?) ` +
        'ORDER BY created_at, id'
    )
  };
}

function stepStatements(db: Database.Database) {
  const fixed = ['run_id', 'name', 'position', 'inputs', 'outputs'];
  const history = ['run_id', 'step', 'status', 'attempt', 'reason', 'at'];
  return {
    insertStep: db.prepare<IStepRow>(
      insertSql('steps', [...fixed, 'depends_on', 'cells', ...STEP_MUTABLE])
    ),
    step: byStep<IStepRow>(
      db,
      'SELECT * FROM steps WHERE run_id = ? AND name = ?'
    ),
    steps: byRun<IStepRow>(
      db,
      'SELECT * FROM steps WHERE run_id = ? ORDER BY position'
    ),
    updateStep: db.prepare<IStepRow>(
      `UPDATE steps SET ${STEP_MUTABLE.map(c => `${c} = @${c}`).join(', ')} ` +
        'WHERE run_id = @run_id AND name = @name'
    ),
    stepCounts: byRun<IStatusCount>(
      db,
      'SELECT status, COUNT(*) AS count FROM steps WHERE run_id = ? ' +
        'GROUP BY status ORDER BY status'
    ),
    insertHistory: db.prepare<IHistoryRow>(
      insertSql('step_status_history', history)
    )
  };
}

/** Logs, metrics and artifacts: what steps produce. */
function outputStatements(db: Database.Database) {
  const artifactColumns = ['run_id', 'step', 'name', 'type', 'format'];
  return {
    lastLogSeq: byStep<number>(
      db,
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
    metrics: byRun<IMetricRow>(
      db,
      'SELECT step, name, value, at FROM metrics WHERE run_id = ? ORDER BY id'
    ),
    upsertArtifact: db.prepare<IArtifactRow>(
      upsertSql(
        'artifacts',
        [...artifactColumns, 'size', 'sha256', 'path', 'sample'],
        ['run_id', 'step', 'name']
      )
    ),
    artifact: db.prepare<[string, string, string], IArtifactRow>(
      'SELECT * FROM artifacts WHERE run_id = ? AND step = ? AND name = ?'
    ),
    artifacts: byRun<IArtifactRow>(
      db,
      'SELECT * FROM artifacts WHERE run_id = ? ORDER BY id'
    )
  };
}

function eventAndCacheStatements(db: Database.Database) {
  const eventColumns = ['run_id', 'runs_channel', 'type', 'payload', 'at'];
  const cacheColumns = ['key', 'run_id', 'step', 'artifacts', 'created_at'];
  return {
    insertEvent: db.prepare<INewEventRow>(insertSql('events', eventColumns)),
    eventsOfRun: db.prepare<[string, number, number], IEventRow>(
      'SELECT seq, run_id, payload, at FROM events ' +
        'WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?'
    ),
    eventsOfRunList: db.prepare<[number, number], IEventRow>(
      'SELECT seq, run_id, payload, at FROM events ' +
        'WHERE runs_channel = 1 AND seq > ? ORDER BY seq LIMIT ?'
    ),
    eventsOfDeployments: db.prepare<[number, number], IEventRow>(
      'SELECT seq, run_id, payload, at FROM events ' +
        'WHERE deployments_channel = 1 AND seq > ? ORDER BY seq LIMIT ?'
    ),
    /** AUTOINCREMENT's high-water mark: right even if old events are pruned. */
    headSeq: db
      .prepare<[], number>(
        "SELECT seq FROM sqlite_sequence WHERE name = 'events'"
      )
      .pluck(),
    putCache: db.prepare<ICacheRow>(upsertSql('cache', cacheColumns, ['key'])),
    cache: db.prepare<[string], ICacheRow>('SELECT * FROM cache WHERE key = ?')
  };
}

/** Cell outputs, in the order the cells produced them. */
function cellOutputStatements(db: Database.Database) {
  const columns = ['run_id', 'step', 'cell_id', 'cell_index', 'output'];
  return {
    insertOutput: db.prepare<ICellOutputRow & { run_id: string }>(
      insertSql('cell_outputs', columns)
    ),
    outputs: byRun<ICellOutputRow>(
      db,
      'SELECT o.step, o.cell_id, o.cell_index, o.output FROM cell_outputs o ' +
        'JOIN steps s ON s.run_id = o.run_id AND s.name = o.step ' +
        'WHERE o.run_id = ? ORDER BY s.position, o.id'
    ),
    stepOutputs: byStep<ICellOutputRow>(
      db,
      'SELECT step, cell_id, cell_index, output FROM cell_outputs ' +
        'WHERE run_id = ? AND step = ? ORDER BY id'
    ),
    clearOutputs: byStep<never>(
      db,
      'DELETE FROM cell_outputs WHERE run_id = ? AND step = ?'
    )
  };
}

/** Every fixed statement the store runs, prepared once per connection. */
export function prepareStatements(db: Database.Database) {
  return {
    ...runStatements(db),
    ...cellOutputStatements(db),
    ...stepStatements(db),
    ...outputStatements(db),
    ...eventAndCacheStatements(db)
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

/** A run's summary: its row plus step counts from the `steps` table. */
export function runSummary(sql: Statements, row: IRunRow): IRunSummary {
  return toRunSummary(row, sql.stepCounts.all(row.id));
}

const FILTER_COLUMNS: Record<string, string> = {
  status: 'status',
  notebookPath: 'notebook_path'
};

/** Where a search word is looked for (the title through its table). */
const SEARCHED =
  "lower(id || ' ' || name || ' ' || COALESCE(notebook_path, '') || ' ' || " +
  "parameters || ' ' || COALESCE((SELECT title FROM run_titles " +
  "WHERE run_titles.run_id = runs.id), ''))";

/**
 * One condition per filter: `status`/`notebookPath` equal; `wN` a word
 * found anywhere; `kN`/`vN` a parameter whose value reads `vN`.
 */
function filterCondition(name: string): string {
  if (FILTER_COLUMNS[name]) {
    return `${FILTER_COLUMNS[name]} = @${name}`;
  }
  if (name.startsWith('w')) {
    return `instr(${SEARCHED}, @${name}) > 0`;
  }
  const v = `v${name.slice(1)}`;
  return (
    "(SELECT CASE type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' " +
    'ELSE lower(CAST(value AS TEXT)) END FROM json_each(parameters) ' +
    `WHERE key = @${name}) = @${v}`
  );
}

/** `listRuns` SQL for the given filters (see filterCondition). */
function listRunsSql(filters: readonly string[]): {
  page: string;
  count: string;
} {
  const where = filters.filter(f => !f.startsWith('v')).map(filterCondition);
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  return {
    page:
      `SELECT ${RUN_SELECT} FROM runs ${clause} ` +
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
