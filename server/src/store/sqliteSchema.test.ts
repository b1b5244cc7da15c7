import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import Database from './sqliteDatabase.js';

import { SqliteRunStore } from './SqliteRunStore.js';
import { newRun, tempDir } from './runStore.fixture.js';
import {
  migrate,
  openRunDatabase,
  SCHEMA_VERSION,
  schemaVersion
} from './sqliteSchema.js';

const tmp = tempDir('schema');
after(() => tmp.remove());

describe('run store schema and migrations', () => {
  test('a fresh database gets the latest user_version and the WAL/synchronous/foreign-key/busy pragmas', () => {
    const db = openRunDatabase(tmp.file('fresh.db'));
    try {
      assert.equal(schemaVersion(db), SCHEMA_VERSION);
      assert.ok(SCHEMA_VERSION >= 1);
      const pragma = (name: string) => db.pragma(name, { simple: true });
      assert.equal(pragma('journal_mode'), 'wal');
      assert.equal(pragma('synchronous'), 1); // NORMAL
      assert.equal(pragma('foreign_keys'), 1);
      assert.equal(pragma('busy_timeout'), 5000);
    } finally {
      db.close();
    }
  });

  test('reopening an up-to-date database is idempotent and keeps its data', () => {
    const path = tmp.file('reopen.db');
    const first = new SqliteRunStore(path);
    first.createRun(newRun('r1'));
    first.close();
    const second = new SqliteRunStore(path);
    try {
      assert.equal(second.getRun('r1')?.steps.length, 3);
      assert.equal(second.headSeq(), 1);
    } finally {
      second.close();
    }
    const db = new Database(path, { readonly: true });
    assert.equal(schemaVersion(db), SCHEMA_VERSION);
    db.close();
  });

  test('a database written by a newer Cellpipe is refused, naming both versions', () => {
    const path = tmp.file('newer.db');
    new SqliteRunStore(path).close();
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    assert.throws(
      () => new SqliteRunStore(path),
      new RegExp(
        `schema version ${SCHEMA_VERSION + 1}, newer than version ` +
          `${SCHEMA_VERSION} that this Cellpipe knows`
      )
    );
  });

  test('migrations run in order, each in its own transaction: a failing one rolls back and keeps the previous version', () => {
    const db = new Database(tmp.file('failing.db'));
    try {
      const scripts = [
        'CREATE TABLE a (x INTEGER)',
        'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1)'
      ];
      assert.throws(() => migrate(db, scripts), /no such table: nowhere/);
      assert.equal(schemaVersion(db), 1);
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .pluck()
        .all();
      assert.deepEqual(tables, ['a']);
    } finally {
      db.close();
    }
  });

  test('an older database gets only the migrations it lacks', () => {
    const db = new Database(tmp.file('older.db'));
    try {
      const v1 = ['CREATE TABLE a (x INTEGER)'];
      migrate(db, v1);
      db.exec('INSERT INTO a VALUES (42)');
      migrate(db, [...v1, 'ALTER TABLE a ADD COLUMN y TEXT']);
      assert.equal(schemaVersion(db), 2);
      assert.deepEqual(db.prepare('SELECT x, y FROM a').all(), [
        { x: 42, y: null }
      ]);
      migrate(db, [...v1, 'ALTER TABLE a ADD COLUMN y TEXT']);
      assert.equal(schemaVersion(db), 2);
    } finally {
      db.close();
    }
  });
});
