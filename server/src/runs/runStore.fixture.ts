/*
 * Test data for the run store tests and the crash-writer child process.
 * Named `*.fixture.ts` so that `node --test` does not run it as a test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ICompiledStep, ICompileResult } from '../http/wire.js';
import type { INewRun, IStoredArtifact } from './RunStore.js';

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
