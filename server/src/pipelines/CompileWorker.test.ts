import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { createCompileService, createCompileWorker } from '../app.js';
import { CompileWorker } from './CompileWorker.js';
import { notebook, step } from '../testing/notebooks.js';
import { resolvePython } from './pythonExecutable.js';

/** `count` one-cell steps, each reading the one before. */
function chain(count: number) {
  return notebook(
    Array.from({ length: count }, (_, i) =>
      step(`s${i}`, i === 0 ? 'x0 = 0' : `x${i} = x${i - 1} + 1`)
    )
  );
}

const ENTRY = new URL('../compileWorkerMain.js', import.meta.url);
const workerData = async () => ({
  serviceArgs: [await resolvePython(), undefined]
});

describe('compiling in a worker thread', () => {
  const workers: CompileWorker[] = [];
  after(() => Promise.all(workers.map(w => w.stop())));
  const make = (
    options: Partial<ConstructorParameters<typeof CompileWorker>[0]> = {}
  ) => {
    const w = new CompileWorker({ entry: ENTRY, workerData, ...options });
    workers.push(w);
    return w;
  };

  test('gives what the compile service gives in-process, programs included', async () => {
    const worker = createCompileWorker(resolvePython());
    workers.push(worker);
    const input = { notebook: chain(3), name: 'same' };
    const inWorker = await worker.compile(input);
    const inProcess =
      await createCompileService(resolvePython()).compile(input);
    assert.deepEqual(inWorker.result, inProcess.result);
    assert.deepEqual(inWorker.programs, inProcess.programs);
    assert.equal(inWorker.programs.size, 3);
  });

  test('more steps than the limit is a problem, not a pipeline', async () => {
    const { result, programs } = await make({ maxSteps: 3 }).compile({
      notebook: chain(4)
    });
    assert.equal(result.ok, false);
    assert.deepEqual(
      result.problems.map(p => p.kind),
      ['too-many-steps']
    );
    assert.match(result.problems[0].message, /4 steps; at most 3/);
    assert.equal(programs.size, 0);
  });

  test('a compile past its time budget is a problem, and the next compile works', async () => {
    const worker = make({ timeoutMs: 200 });
    const started = Date.now();
    const { result } = await worker.compile({ notebook: chain(20_000) });
    assert.ok(Date.now() - started < 5_000, 'the budget was not kept');
    assert.deepEqual(
      result.problems.map(p => p.kind),
      ['compile-budget']
    );
    assert.match(result.problems[0].message, /took longer than 0.2 s/);
    const next = await make().compile({ notebook: chain(2) });
    assert.equal(next.result.ok, true);
  });

  test('a compile past its memory budget is a problem, not a crashed server', async () => {
    const { result } = await make({ memoryMb: 24 }).compile({
      notebook: chain(50_000)
    });
    assert.deepEqual(
      result.problems.map(p => p.kind),
      ['compile-budget']
    );
    assert.match(result.problems[0].message, /more than 24 MB of memory/);
  });

  test('an aborted compile rejects at once', async () => {
    const controller = new AbortController();
    const pending = make().compile({
      notebook: chain(20_000),
      signal: controller.signal
    });
    setTimeout(() => controller.abort(new Error('client went away')), 100);
    await assert.rejects(pending, /client went away/);
  });

  test('a compile aborted while its worker is still starting rejects without waiting for it', async () => {
    const slowStart = async () => {
      await new Promise(resolve => setTimeout(resolve, 3000));
      return workerData();
    };
    const controller = new AbortController();
    const started = Date.now();
    const pending = make({ workerData: slowStart }).compile({
      notebook: chain(3),
      signal: controller.signal
    });
    setTimeout(() => controller.abort(new Error('client went away')), 50);
    await assert.rejects(pending, /client went away/);
    assert.ok(
      Date.now() - started < 2000,
      'rejected before the worker started'
    );
  });
});
