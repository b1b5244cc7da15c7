import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import type { IEngine } from '../app.js';
import type { ExecutorFactory } from '../executors/Executor.js';
import type {
  IRunRecord,
  IStepProperties,
  StepStatus
} from '../contract/wire.js';
import { notebook, step, type CellSpec } from './notebooks.js';
import { testEngine, until } from './testEngine.js';

export type ContractEngine = IEngine & { workDir: string };

/**
 * How the suite makes steps slow or failing on an executor. The code does it
 * where code runs (local); step properties do it where it does not (kwok
 * pods carry timing annotations and the failing label).
 */
export interface IContractKit {
  /** The executor under test: the engine around it has no other. */
  executor(): ExecutorFactory | Promise<ExecutorFactory>;
  /** Properties every step gets (e.g. fast kwok timing). */
  defaults?: IStepProperties;
  /** Properties of a step that should take about `ms`. */
  slow(ms: number): IStepProperties;
  /** Properties of a step that should fail. */
  failing(): IStepProperties;
  /** Called after a cancel: resolves when nothing of the step runs any more. */
  stopped(run: IRunRecord): Promise<void>;
}

export const statuses = (run: IRunRecord): Record<string, StepStatus> =>
  Object.fromEntries(run.steps.map(s => [s.name, s.status]));

/**
 * The orchestration every executor must show, run through the real
 * RunService and store with the executor as the engine's only one: order,
 * fan-out/fan-in, failure propagation, cancel, timeout, retry. Each cell
 * also does in code what its properties ask for.
 */
export function executorContract(name: string, kit: IContractKit): void {
  describe(`executor contract: ${name}`, () => {
    let engine: ContractEngine;
    before(async () => {
      engine = testEngine({ executors: [await kit.executor()] });
    });
    after(async () => {
      await engine.stop();
      engine.close();
    });

    const submit = (
      cells: CellSpec[],
      steps: Record<string, IStepProperties> = {}
    ) =>
      engine.runs.submit(
        {
          notebook: notebook(cells, {
            version: 1,
            ...(kit.defaults && { defaults: kit.defaults }),
            steps
          }),
          name: 'contract',
          cache: false
        },
        { cwd: engine.workDir }
      );
    const run = async (
      cells: CellSpec[],
      steps: Record<string, IStepProperties> = {}
    ) => engine.runs.wait((await submit(cells, steps)).id);

    test('a linear pipeline runs in order', async () => {
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
    });

    test('fan-out steps run at the same time and fan in', async () => {
      const sleepy = (n: string, v: string) =>
        step(n, `import time\ntime.sleep(1.5)\n${v} = base + 1`);
      const done = await run(
        [
          step('base-step', 'base = 1'),
          sleepy('left', 'l'),
          sleepy('right', 'r'),
          step('join', 'print("sum", l + r)')
        ],
        { left: kit.slow(1500), right: kit.slow(1500) }
      );
      assert.equal(done.status, 'succeeded', done.reason ?? '');
      const [base, left, right, join] = done.steps;
      assert.ok(
        left.startedAt! < right.finishedAt! &&
          right.startedAt! < left.finishedAt!,
        'left and right overlap'
      );
      assert.ok(base.finishedAt! <= left.startedAt!);
      assert.ok(
        left.finishedAt! <= join.startedAt! &&
          right.finishedAt! <= join.startedAt!
      );
    });

    test('a failure skips what is downstream, keeps its logs and lets other branches finish', async () => {
      const done = await run(
        [
          step('a', 'x = 1'),
          step('bad', 'print("about to fail")\ny = x / 0'),
          step('after-bad', 'z = y'),
          step('other', 'w = x + 1')
        ],
        { bad: kit.failing() }
      );
      assert.equal(done.status, 'failed');
      assert.deepEqual(statuses(done), {
        a: 'succeeded',
        bad: 'failed',
        'after-bad': 'skipped',
        other: 'succeeded'
      });
      const bad = done.steps[1];
      assert.ok(bad.reason, 'the failure has a reason');
      assert.ok(
        engine.store.getLogs(done.id, 'bad').some(l => l.stream !== 'system'),
        "the failed step's log is stored"
      );
      assert.match(done.steps[2].reason ?? '', /upstream step "bad"/);
      assert.match(done.reason ?? '', /"bad" failed/);
    });

    test('cancel stops running steps and leaves nothing running', async () => {
      const submitted = await submit(
        [
          step('long', 'import time\ntime.sleep(60)'),
          step('later', 'print(1)', { after: ['long'] })
        ],
        { long: kit.slow(60_000) }
      );
      await until(
        () => engine.runs.get(submitted.id).steps[0].status === 'running',
        20_000,
        'the step to run'
      );
      engine.runs.cancel(submitted.id);
      const done = await engine.runs.wait(submitted.id);
      assert.equal(done.status, 'cancelled');
      assert.deepEqual(statuses(done), {
        long: 'cancelled',
        later: 'cancelled'
      });
      await kit.stopped(done);
    });

    test('a step that runs too long is stopped and failed', async () => {
      const started = Date.now();
      const done = await run(
        [
          step('slow', 'import time\ntime.sleep(30)'),
          step('next', 'print(1)', { after: ['slow'] })
        ],
        { slow: { ...kit.slow(30_000), timeout_seconds: 1 } }
      );
      assert.ok(
        Date.now() - started < 15_000,
        'stopped long before the 30 s sleep ended'
      );
      assert.equal(done.status, 'failed');
      assert.deepEqual(statuses(done), { slow: 'failed', next: 'skipped' });
      assert.equal(done.steps[0].error?.kind, 'timeout');
      assert.equal(done.steps[0].reason, 'timed out after 1 s');
    });

    test('a step that fails every time is tried 1 + retries times', async () => {
      const done = await run([step('flaky', 'raise RuntimeError("always")')], {
        flaky: { ...kit.failing(), retries: 1 }
      });
      assert.equal(done.status, 'failed');
      assert.equal(done.steps[0].attempt, 2);
      assert.ok(
        engine.store
          .getLogs(done.id, 'flaky')
          .some(l => /attempt 1 failed .*retrying/.test(l.line))
      );
    });
  });
}
