import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { pino } from 'pino';

import { builtInExecutors } from '../app.js';
import { unconfiguredCluster } from '../kube/kubeConfigSource.js';
import { notebook, step } from '../testing/notebooks.js';
import { testEngine } from '../testing/testEngine.js';
import type { IStepJob } from './Executor.js';
import { LazyExecutor } from './LazyExecutor.js';

describe('LazyExecutor', () => {
  let loads = 0;
  const engine = testEngine({
    executors: [
      ...builtInExecutors({}),
      setup =>
        new LazyExecutor({
          name: 'inline',
          before: { name: 'inline', available: true },
          load: async () => {
            loads++;
            const { InlineProgramExecutor } =
              await import('../testing/recipeExecutor/InlineProgramExecutor.js');
            return new InlineProgramExecutor(setup);
          }
        })
    ]
  });
  after(async () => {
    await engine.stop();
    engine.close();
  });

  async function runOnInline(): Promise<void> {
    const submitted = await engine.runs.submit(
      {
        notebook: notebook([
          step('make', 'numbers = [1, 2, 3]'),
          step('total', 'print("total", sum(numbers) * 2)')
        ]),
        target: 'inline',
        cache: false
      },
      { cwd: engine.workDir }
    );
    const done = await engine.runs.wait(submitted.id);
    assert.equal(done.status, 'succeeded', done.reason ?? '');
    assert.ok(
      engine.store.getLogs(done.id, 'total').some(l => l.line === 'total 12')
    );
  }

  test('is loaded by its first step, once, and then runs every step', async () => {
    assert.equal(loads, 0, 'registering it loads nothing');
    assert.deepEqual(engine.executors.get('inline')?.info(), {
      name: 'inline',
      available: true
    });
    await runOnInline();
    await runOnInline();
    assert.equal(loads, 1);
  });

  test('without any kubeconfig the Kubernetes entry is unavailable and its probe needs no client', async () => {
    const kubernetes = builtInExecutors({
      kubernetes: { kubeconfig: undefined, namespace: 'ml' }
    })[1];
    const previous = process.env.KUBECONFIG;
    process.env.KUBECONFIG = '/nonexistent/kubeconfig';
    try {
      const executor = kubernetes({
        python: 'python3',
        harness: '',
        artifactsRoot: engine.artifacts.root,
        logger: pino({ level: 'silent' })
      });
      assert.equal(executor.info().available, false);
      assert.match(executor.info().reason ?? '', /no Kubernetes configuration/);
      assert.deepEqual(
        await executor.probe?.(),
        unconfiguredCluster({ namespace: 'ml' }, executor.info().reason ?? '')
      );
      await executor.deleteRun?.('r-1');
      await executor.stop();
    } finally {
      if (previous === undefined) {
        delete process.env.KUBECONFIG;
      } else {
        process.env.KUBECONFIG = previous;
      }
    }
  });

  test('unavailable before loading: never loaded, a step there fails with the reason', async () => {
    let loaded = 0;
    const executor = new LazyExecutor({
      name: 'far',
      probes: true,
      deletesRuns: true,
      before: { name: 'far', available: false, reason: 'no far cluster' },
      probeUnavailable: reason =>
        unconfiguredCluster({ namespace: 'default' }, reason),
      load: () => {
        loaded++;
        return Promise.reject(new Error('must not load'));
      }
    });
    const job = {} as IStepJob;
    await assert.rejects(async () => {
      for await (const _update of executor.run(
        job,
        AbortSignal.timeout(5000)
      )) {
        // nothing arrives
      }
    }, /no far cluster/);
    assert.equal((await executor.probe?.())?.reason, 'no far cluster');
    await executor.deleteRun?.('r-1');
    await executor.stop();
    assert.equal(loaded, 0);
  });
});
