/*
 * Test data for the run store tests and the crash-writer child process.
 * Named `*.fixture.ts` so that `node --test` does not run it as a test.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from './sqliteDatabase.js';

import type {
  ICompiledStep,
  ICompileResult,
  IEventEnvelope,
  IStepRecord,
  RunEvent
} from '../contract/wire.js';
import type { INewRun, IStoredArtifact } from './RunStore.js';
import { SqliteRunStore } from './SqliteRunStore.js';

/** A compiled step; `name` reads what `after` writes. */
function compiledStep(name: string, index: number, previous?: string) {
  const step = {
    name,
    cells: [{ id: `cell-${name}`, index }],
    inputs: previous ? [`${previous}_out`] : [],
    outputs: [`${name}_out`],
    after: [],
    dependsOn: previous ? [previous] : [],
    metrics: [],
    parameters: [],
    properties: {},
    programHash: `hash-${name}`
  };
  return step as ICompiledStep;
}

/**
 * A chain `names[0] -> names[1] -> ...`. `steps` is listed in reverse so
 * the store must take the order from `order`, not from `steps`.
 */
export function compiledChain(name: string, names: string[]): ICompileResult {
  const steps = names.map((step, i) => compiledStep(step, i, names[i - 1]));
  return {
    name,
    ok: true,
    steps: [...steps].reverse(),
    edges: steps.slice(1).map((step, i) => ({
      from: names[i],
      to: step.name,
      variables: [`${names[i]}_out`],
      explicit: false
    })),
    order: [...names],
    prelude: [],
    parameters: [{ name: 'lr', type: 'float', default: 0.1, value: 0.5 }],
    metrics: ['loss'],
    layout: {},
    problems: []
  };
}

export const STEPS = ['load', 'train', 'evaluate'];

export function newRun(id: string, over: Partial<INewRun> = {}): INewRun {
  return {
    id,
    name: `pipeline ${id}`,
    title: `train ${id}`,
    notebookPath: 'work/train.ipynb',
    target: 'local',
    parameters: { lr: 0.5 },
    cache: true,
    resumedFrom: null,
    notebook: { nbformat: 4, nbformat_minor: 5, cells: [], metadata: {} },
    compiled: compiledChain(`pipeline ${id}`, STEPS),
    options: { forceSteps: ['train'] },
    createdAt: '2025-01-01T00:00:00.000Z',
    ...over
  };
}

export function storedArtifact(
  step: string,
  name: string,
  path = `/home/someone/.cellpipe/artifacts/${step}/${name}`
): IStoredArtifact {
  return {
    step,
    name,
    type: 'numpy.ndarray',
    format: 'npy',
    size: 128,
    sha256: 'ab'.repeat(32),
    path
  };
}

/** A fresh directory for database files; `remove()` deletes it. */
export function tempDir(prefix: string): {
  dir: string;
  file: (name: string) => string;
  remove: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), `cellpipe-${prefix}-`));
  return {
    dir,
    file: name => join(dir, name),
    remove: () => rmSync(dir, { recursive: true, force: true })
  };
}

/** Stores on database files of their own in one temporary directory. */
export function storeKit(prefix: string) {
  const tmp = tempDir(prefix);
  let opened: SqliteRunStore[] = [];
  let counter = 0;
  return {
    open(): SqliteRunStore {
      const store = new SqliteRunStore(tmp.file(`runs-${++counter}.db`));
      opened.push(store);
      return store;
    },
    closeAll(): void {
      opened.forEach(store => store.close());
      opened = [];
    },
    remove: () => tmp.remove()
  };
}

/** Counts rows straight from the file, through a second connection. */
export function countRows(store: SqliteRunStore, table: string): number {
  const db = new Database(store.path, { readonly: true });
  try {
    return db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
  } finally {
    db.close();
  }
}

/** A step of `newRun` as createRun leaves it. */
export function pendingStep(name: string, index: number): IStepRecord {
  const previous = STEPS[index - 1];
  return {
    name,
    status: 'pending',
    attempt: 0,
    cacheKey: null,
    cachedFrom: null,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    exitCode: null,
    signal: null,
    reason: null,
    error: null,
    inputs: previous ? [`${previous}_out`] : [],
    outputs: [`${name}_out`],
    dependsOn: previous ? [previous] : [],
    cells: [{ id: `cell-${name}`, index }]
  };
}

export function assertIncreasing(events: IEventEnvelope[]): void {
  for (let i = 1; i < events.length; i++) {
    assert.ok(events[i].seq > events[i - 1].seq, `seq ${events[i].seq}`);
  }
}

export function eventOf<T extends RunEvent['type']>(
  envelope: IEventEnvelope,
  type: T
): Extract<RunEvent, { type: T }> {
  assert.equal(envelope.event.type, type);
  return envelope.event as Extract<RunEvent, { type: T }>;
}
