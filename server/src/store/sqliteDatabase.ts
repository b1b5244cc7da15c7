import {
  DatabaseSync,
  type SQLInputValue,
  type StatementResultingChanges,
  type StatementSync
} from 'node:sqlite';

/**
 * The one file that knows which SQLite driver the store runs on: Node's
 * built-in `node:sqlite` (Node 24), behind the small part of better-sqlite3's
 * API the store uses (prepare/get/all/run/pluck, transaction().immediate(),
 * pragma). The store measured the same on both (README, "Libraries chosen"),
 * and the built-in one needs no native compile on install and nothing
 * platform-specific in the wheel. Store code imports `Database` from here as
 * it imported it from better-sqlite3, so its other files did not change.
 */

export interface IDatabaseOptions {
  /** Milliseconds to wait for another connection's lock (busy timeout). */
  timeout?: number;
  readonly?: boolean;
}

export interface IRunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/** A prepared statement; `P` are its parameters, `R` a row (or a value, plucked). */
class PreparedStatement<P extends unknown[] = unknown[], R = unknown> {
  private plucked = false;

  constructor(private readonly statement: StatementSync) {
    // Rows are passed whole as named parameters; columns the SQL does not
    // name are ignored (better-sqlite3's behaviour).
    statement.setAllowUnknownNamedParameters(true);
  }

  /** Return the first column's value instead of a row object. */
  pluck(toggle = true): this {
    this.plucked = toggle;
    this.statement.setReturnArrays(toggle);
    return this;
  }

  run(...params: P): IRunResult {
    const result: StatementResultingChanges = this.statement.run(
      ...(params as SQLInputValue[])
    );
    return { ...result, changes: Number(result.changes) };
  }

  get(...params: P): R | undefined {
    const row = this.statement.get(...(params as SQLInputValue[]));
    return row === undefined ? undefined : this.value(row);
  }

  all(...params: P): R[] {
    return this.statement
      .all(...(params as SQLInputValue[]))
      .map(row => this.value(row));
  }

  /** Rows come with a null prototype; a plain object compares and prints as usual. */
  private value(row: unknown): R {
    return (this.plucked ? (row as unknown[])[0] : { ...(row as object) }) as R;
  }
}

type Mode = 'DEFERRED' | 'IMMEDIATE' | 'EXCLUSIVE';

export interface ITransaction<T> {
  (): T;
  deferred(): T;
  immediate(): T;
  exclusive(): T;
}

/** One connection to a SQLite file (or `:memory:`). */
class SqliteDatabase {
  private readonly db: DatabaseSync;
  private savepoints = 0;

  constructor(
    readonly name: string,
    options: IDatabaseOptions = {}
  ) {
    this.db = new DatabaseSync(name, {
      readOnly: options.readonly ?? false,
      timeout: options.timeout ?? 5000
    });
  }

  get open(): boolean {
    return this.db.isOpen;
  }

  get inTransaction(): boolean {
    return this.db.isTransaction;
  }

  prepare<P extends unknown[] | object = unknown[], R = unknown>(
    sql: string
  ): P extends unknown[] ? PreparedStatement<P, R> : PreparedStatement<[P], R> {
    return new PreparedStatement(this.db.prepare(sql)) as never;
  }

  exec(sql: string): this {
    this.db.exec(sql);
    return this;
  }

  /** `PRAGMA <source>`: its rows, or with `simple` the first value. */
  pragma(source: string, options: { simple?: boolean } = {}): unknown {
    const statement = this.prepare(`PRAGMA ${source}`);
    if (options.simple) {
      return statement.pluck().get();
    }
    return statement.all();
  }

  /** `fn` in one transaction (a savepoint when one is already open). */
  transaction<T>(fn: () => T): ITransaction<T> {
    const run = (mode: Mode) => () => this.runTransaction(mode, fn);
    return Object.assign(run('DEFERRED'), {
      deferred: run('DEFERRED'),
      immediate: run('IMMEDIATE'),
      exclusive: run('EXCLUSIVE')
    });
  }

  close(): void {
    this.db.close();
  }

  private runTransaction<T>(mode: Mode, fn: () => T): T {
    if (this.db.isTransaction) {
      return this.inSavepoint(fn);
    }
    this.db.exec(`BEGIN ${mode}`);
    try {
      const result = fn();
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      if (this.db.isTransaction) {
        this.db.exec('ROLLBACK');
      }
      throw err;
    }
  }

  private inSavepoint<T>(fn: () => T): T {
    const name = `cellpipe_${++this.savepoints}`;
    this.db.exec(`SAVEPOINT ${name}`);
    try {
      const result = fn();
      this.db.exec(`RELEASE ${name}`);
      return result;
    } catch (err) {
      this.db.exec(`ROLLBACK TO ${name}`);
      this.db.exec(`RELEASE ${name}`);
      throw err;
    } finally {
      this.savepoints--;
    }
  }
}

/* The names the store's files use, as better-sqlite3 spells them
   (`Database.Database`, `Database.Statement<P, R>`). */
// eslint-disable-next-line @typescript-eslint/no-namespace
declare namespace Database {
  export type Database = SqliteDatabase;
  export type Statement<
    P extends unknown[] = unknown[],
    R = unknown
  > = PreparedStatement<P, R>;
}
const Database = SqliteDatabase;
export default Database;
