import Database from './sqliteDatabase.js';

/**
 * The run store's schema, as an ordered list of migrations: entry `i` takes
 * the database from `PRAGMA user_version = i` to `i + 1`. Append only: never
 * edit a migration that has shipped, add the next one instead.
 *
 * Design notes:
 * - Big JSON columns (notebook, compiled) come last in `runs`, so list
 *   queries that do not select them never read their overflow pages.
 * - Everything about a run hangs off `steps (run_id, name)` or `runs (id)`
 *   with ON DELETE CASCADE, except `events` (the `run.deleted` event and the
 *   history clients replay must survive) and `cache` (keyed by content; it
 *   references files whose lifetime the caller manages).
 * - `events.seq` is AUTOINCREMENT: a sequence number is never reused, even
 *   after rows are deleted, so a client resuming from it misses nothing.
 * - No CHECK constraints on status/stream names: the TypeScript types guard
 *   them, and a new status would otherwise need a table rebuild.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE runs (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    notebook_path TEXT,
    status        TEXT NOT NULL,
    target        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    started_at    TEXT,
    finished_at   TEXT,
    reason        TEXT,
    parameters    TEXT NOT NULL,
    cache         INTEGER NOT NULL,
    resumed_from  TEXT,
    options       TEXT NOT NULL,
    notebook      TEXT NOT NULL,
    compiled      TEXT NOT NULL
  ) STRICT;
  CREATE INDEX runs_by_created ON runs (created_at DESC, id);
  CREATE INDEX runs_by_status ON runs (status, created_at DESC, id);
  CREATE INDEX runs_by_notebook ON runs (notebook_path, created_at DESC, id);

  CREATE TABLE steps (
    run_id      TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    position    INTEGER NOT NULL,
    status      TEXT NOT NULL,
    attempt     INTEGER NOT NULL,
    cache_key   TEXT,
    cached_from TEXT,
    started_at  TEXT,
    finished_at TEXT,
    exit_code   INTEGER,
    signal      TEXT,
    reason      TEXT,
    error       TEXT,
    inputs      TEXT NOT NULL,
    outputs     TEXT NOT NULL,
    depends_on  TEXT NOT NULL,
    cells       TEXT NOT NULL,
    pid         INTEGER,
    PRIMARY KEY (run_id, name),
    UNIQUE (run_id, position)
  ) STRICT;

  CREATE TABLE step_status_history (
    id      INTEGER PRIMARY KEY,
    run_id  TEXT NOT NULL,
    step    TEXT NOT NULL,
    status  TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    reason  TEXT,
    at      TEXT NOT NULL,
    FOREIGN KEY (run_id, step) REFERENCES steps (run_id, name) ON DELETE CASCADE
  ) STRICT;
  CREATE INDEX step_status_history_by_step
    ON step_status_history (run_id, step, id);

  CREATE TABLE logs (
    run_id TEXT NOT NULL,
    step   TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    stream TEXT NOT NULL,
    line   TEXT NOT NULL,
    at     TEXT NOT NULL,
    PRIMARY KEY (run_id, step, seq),
    FOREIGN KEY (run_id, step) REFERENCES steps (run_id, name) ON DELETE CASCADE
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE metrics (
    id     INTEGER PRIMARY KEY,
    run_id TEXT NOT NULL,
    step   TEXT NOT NULL,
    name   TEXT NOT NULL,
    value  REAL NOT NULL,
    at     TEXT NOT NULL,
    FOREIGN KEY (run_id, step) REFERENCES steps (run_id, name) ON DELETE CASCADE
  ) STRICT;
  CREATE INDEX metrics_by_step ON metrics (run_id, step, id);

  CREATE TABLE artifacts (
    id     INTEGER PRIMARY KEY,
    run_id TEXT NOT NULL,
    step   TEXT NOT NULL,
    name   TEXT NOT NULL,
    type   TEXT NOT NULL,
    format TEXT NOT NULL,
    size   INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    path   TEXT NOT NULL,
    UNIQUE (run_id, step, name),
    FOREIGN KEY (run_id, step) REFERENCES steps (run_id, name) ON DELETE CASCADE
  ) STRICT;

  CREATE TABLE events (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id       TEXT,
    runs_channel INTEGER NOT NULL,
    type         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    at           TEXT NOT NULL
  ) STRICT;
  CREATE INDEX events_by_run ON events (run_id, seq);
  CREATE INDEX events_on_runs_channel ON events (seq) WHERE runs_channel = 1;

  CREATE TABLE cache (
    key        TEXT PRIMARY KEY,
    run_id     TEXT NOT NULL,
    step       TEXT NOT NULL,
    artifacts  TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX cache_by_run ON cache (run_id);
  `,
  // 2: deployments. `source`, `options` and `state` are JSON: what a target
  // needs to pick a deployment up again (paths, pid, object names) lives in
  // `state.handle` and never reaches clients. No foreign key to `runs`: the
  // run may be deleted (its model was copied), the lineage stays readable.
  `
  CREATE TABLE deployments (
    name       TEXT PRIMARY KEY,
    target     TEXT NOT NULL,
    status     TEXT NOT NULL,
    run_id     TEXT NOT NULL,
    step       TEXT NOT NULL,
    artifact   TEXT NOT NULL,
    source     TEXT NOT NULL,
    options    TEXT NOT NULL,
    state      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    ready_at   TEXT
  ) STRICT;
  CREATE INDEX deployments_by_run ON deployments (run_id, created_at);

  ALTER TABLE events ADD COLUMN deployments_channel INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX events_on_deployments_channel ON events (seq)
    WHERE deployments_channel = 1;
  `,
  // 3: what cells showed (nbformat outputs, one row per output or stream
  // chunk, in order) and run titles. Titles get their own table: a column
  // added to \`runs\` would sit after its big JSON columns, and every list
  // query would then read their overflow pages.
  `
  CREATE TABLE cell_outputs (
    id         INTEGER PRIMARY KEY,
    run_id     TEXT NOT NULL,
    step       TEXT NOT NULL,
    cell_id    TEXT NOT NULL,
    cell_index INTEGER NOT NULL,
    output     TEXT NOT NULL,
    FOREIGN KEY (run_id, step) REFERENCES steps (run_id, name) ON DELETE CASCADE
  ) STRICT;
  CREATE INDEX cell_outputs_by_run ON cell_outputs (run_id, step, id);

  CREATE TABLE run_titles (
    run_id TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    title  TEXT NOT NULL
  ) STRICT;
  `,
  // 4: what a model was fit on (IModelSample as JSON: feature names and one
  // row of its training data), null for every other artifact.
  `
  ALTER TABLE artifacts ADD COLUMN sample TEXT;
  `
];

/** The schema version this code writes: the number of migrations. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Opens (creating if needed) and configures the run database, then migrates it. */
export function openRunDatabase(path: string): Database.Database {
  const db = new Database(path, { timeout: 5000 });
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS, path);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies the migrations the database has not seen, each in its own
 * IMMEDIATE transaction that re-reads the version first, so two processes
 * opening a fresh file at once do not both run the same script.
 */
export function migrate(
  db: Database.Database,
  migrations: readonly string[],
  label = db.name
): void {
  const step = db.transaction((): boolean => {
    const current = schemaVersion(db);
    if (current > migrations.length) {
      throw new Error(
        `run database ${label} has schema version ${current}, newer than ` +
          `version ${migrations.length} that this Cellpipe knows; ` +
          'upgrade Cellpipe or point it at another database'
      );
    }
    if (current === migrations.length) {
      return false;
    }
    db.exec(migrations[current]);
    db.pragma(`user_version = ${current + 1}`);
    return true;
  });
  while (step.immediate()) {
    // one migration per transaction
  }
}
