import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import type { IEngine } from '../../app.js';
import type { IRunRecord, StepStatus } from '../../contract/wire.js';
import { notebook, step, type CellSpec } from '../../testing/notebooks.js';
import { processGone, testEngine, until } from '../../testing/testEngine.js';

type Engine = IEngine & { workDir: string };

const statuses = (run: IRunRecord): Record<string, StepStatus> =>
  Object.fromEntries(run.steps.map(s => [s.name, s.status]));

/**
 * What the local executor does beyond the shared orchestration contract:
 * the steps' code really runs, so values, metrics, errors, child processes,
 * cached results and resumes can be checked.
 */
describe('local executor: steps run real code', () => {
  let engine: Engine;
  before(() => {
    engine = testEngine();
  });
  after(async () => {
    await engine.stop();
    engine.close();
  });

  const run = async (
    cells: CellSpec[],
    extra: { parameters?: Record<string, unknown>; cache?: boolean } = {}
  ) => {
    const submitted = await engine.runs.submit(
      { notebook: notebook(cells), name: 'contract', cache: false, ...extra },
      { cwd: engine.workDir }
    );
    return engine.runs.wait(submitted.id);
  };

  test('a linear pipeline runs in order and passes values along', async () => {
    const done = await run([
      step('a', 'x = 2'),
      step('b', 'y = x * 10'),
      step('c', 'print("result", y + 1)')
    ]);
    assert.equal(done.status, 'succeeded', done.reason ?? '');
    assert.deepEqual(statuses(done), {
      a: 'succeeded',
      b: 'succeeded',
      c: 'succeeded'
    });
    const [a, b, c] = done.steps;
    assert.ok(a.finishedAt! <= b.startedAt! && b.finishedAt! <= c.startedAt!);
    assert.ok(
      engine.store.getLogs(done.id, 'c').some(l => l.line === 'result 21')
    );
  });

  test('fan-out steps run at the same time and fan in', async () => {
    const sleepy = (n: string, v: string) =>
      step(n, `import time\ntime.sleep(0.8)\n${v} = base + 1`);
    const done = await run([
      step('base-step', 'base = 1'),
      sleepy('left', 'l'),
      sleepy('right', 'r'),
      step('join', 'print("sum", l + r)')
    ]);
    assert.equal(done.status, 'succeeded', done.reason ?? '');
    const [left, right] = [done.steps[1], done.steps[2]];
    assert.ok(
      left.startedAt! < right.finishedAt! &&
        right.startedAt! < left.finishedAt!,
      'left and right overlap'
    );
    assert.ok(
      engine.store.getLogs(done.id, 'join').some(l => l.line === 'sum 4')
    );
  });

  test('parameters are overridden and metrics recorded', async () => {
    const cells: CellSpec[] = [
      { source: 'k = 3', tags: ['pipeline-parameters'] },
      step('a', 'score = k * 2.5'),
      { source: 'score', tags: ['pipeline-metrics'] }
    ];
    const done = await run(cells, { parameters: { k: 4 } });
    assert.deepEqual(done.parameters, { k: 4 });
    assert.deepEqual(
      done.metrics.map(m => [m.step, m.name, m.value]),
      [['a', 'score', 10]]
    );
  });

  test('a failure skips what is downstream, keeps its logs and lets other branches finish', async () => {
    const done = await run([
      step('a', 'x = 1'),
      step('bad', 'print("about to fail")\ny = x / 0'),
      step('after-bad', 'z = y'),
      step('other', 'w = x + 1')
    ]);
    assert.equal(done.status, 'failed');
    assert.deepEqual(statuses(done), {
      a: 'succeeded',
      bad: 'failed',
      'after-bad': 'skipped',
      other: 'succeeded'
    });
    const bad = done.steps[1];
    assert.equal(bad.error?.ename, 'ZeroDivisionError');
    assert.equal(bad.error?.cellIndex, 1);
    assert.ok(
      engine.store.getLogs(done.id, 'bad').some(l => l.line === 'about to fail')
    );
    assert.match(done.steps[2].reason ?? '', /upstream step "bad"/);
  });

  test('cancel stops running steps and leaves no process behind', async () => {
    const submitted = await engine.runs.submit(
      {
        notebook: notebook([
          step(
            'spawner',
            'import subprocess, time\nchild = subprocess.Popen(["sleep", "60"])\nopen("child.pid", "w").write(str(child.pid))\ntime.sleep(60)'
          ),
          // after it by an explicit edge: a running process cannot be passed on
          step('later', 'print("later")', { after: ['spawner'] })
        ]),
        name: 'cancel',
        cache: false
      },
      { cwd: engine.workDir }
    );
    const pidFile = join(engine.workDir, 'child.pid');
    await until(
      () => {
        try {
          return readFileSync(pidFile, 'utf8').length > 0;
        } catch {
          return false;
        }
      },
      15_000,
      'the step to start its child'
    );
    const childPid = Number(readFileSync(pidFile, 'utf8'));
    engine.runs.cancel(submitted.id);
    const done = await engine.runs.wait(submitted.id);
    assert.equal(done.status, 'cancelled');
    assert.deepEqual(statuses(done), {
      spawner: 'cancelled',
      later: 'cancelled'
    });
    await until(
      () => processGone(childPid),
      5_000,
      "the step's child process to end"
    );
  });

  test('retries run a failed step again', async () => {
    const flaky =
      'import os\nif not os.path.exists("tried"):\n    open("tried", "w").close()\n    raise RuntimeError("first try fails")\nok = True';
    const nb = notebook([step('flaky', flaky)], {
      version: 1,
      steps: { flaky: { retries: 2 } }
    });
    const submitted = await engine.runs.submit(
      { notebook: nb, name: 'retry', cache: false },
      { cwd: engine.workDir }
    );
    const done = await engine.runs.wait(submitted.id);
    assert.equal(done.status, 'succeeded', done.reason ?? '');
    assert.equal(done.steps[0].attempt, 2);
    assert.ok(
      engine.store
        .getLogs(done.id, 'flaky')
        .some(l => /attempt 1 failed .*retrying/.test(l.line))
    );
  });

  test('a re-run with the cache on reuses every unchanged step', async () => {
    const cells = [step('a', 'x = 41'), step('b', 'y = x + 1')];
    const first = await run(cells, { cache: true });
    const second = await run(cells, { cache: true });
    assert.equal(first.status, 'succeeded');
    assert.deepEqual(statuses(second), { a: 'cached', b: 'cached' });
    assert.equal(second.steps[0].cachedFrom, first.id);
    assert.deepEqual(
      second.artifacts.map(a => a.name),
      ['x']
    );
  });

  test('resume after fixing a cell re-runs only that step and what follows it', async () => {
    const cells = (fixed: boolean) => [
      step('load', 'data = [1, 2, 3]'),
      step('side', 'other = len(data)'),
      step('train', fixed ? 'model = sum(data)' : 'model = sum(data) / 0'),
      step('report', 'print("model", model)')
    ];
    const failed = await run(cells(false), { cache: true });
    assert.deepEqual(statuses(failed), {
      load: 'succeeded',
      side: 'succeeded',
      train: 'failed',
      report: 'skipped'
    });
    const resumed = await engine.runs.resume(failed.id, {
      notebook: notebook(cells(true))
    });
    const done = await engine.runs.wait(resumed.id);
    assert.equal(done.resumedFrom, failed.id);
    assert.deepEqual(statuses(done), {
      load: 'cached',
      side: 'cached',
      train: 'succeeded',
      report: 'succeeded'
    });
  });
});
