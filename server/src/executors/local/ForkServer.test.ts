import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import type { IStepProperties } from '../../contract/wire.js';
import { resolvePython } from '../../pipelines/pythonExecutable.js';
import { notebook, step, type CellSpec } from '../../testing/notebooks.js';
import { processGone, testEngine, until } from '../../testing/testEngine.js';
import { describeExit } from './exitReason.js';
import { LocalExecutor } from './LocalExecutor.js';

type Engine = ReturnType<typeof testEngine>;

function forkingEngine(python?: string): Engine {
  return testEngine({
    ...(python && { python }),
    executors: [
      setup =>
        new LocalExecutor({
          python: setup.python,
          killGraceMs: 500,
          forkServer: true
        })
    ]
  });
}

async function run(
  engine: Engine,
  cells: CellSpec[],
  steps: Record<string, IStepProperties> = {}
) {
  const submitted = await engine.runs.submit(
    {
      notebook: notebook(cells, { version: 1, steps }),
      name: 'fork',
      cache: false
    },
    { cwd: engine.workDir }
  );
  return engine.runs.wait(submitted.id);
}

const logOf = (engine: Engine, runId: string, name: string) =>
  engine.store
    .getLogs(runId, name)
    .map(l => l.line)
    .join('\n');

describe('local executor with the fork server', () => {
  let engine: Engine;
  before(() => {
    engine = forkingEngine();
  });
  after(async () => {
    await engine.stop();
    engine.close();
  });

  test('a step sees nothing another step left in the shared parent: module globals, sys.modules, open files', async () => {
    const done = await run(
      engine,
      [
        step(
          'a',
          [
            'import collections, os, sys, types',
            'collections.left_by_a = "a"',
            'sys.modules["planted_by_a"] = types.ModuleType("planted_by_a")',
            'held_by_a = open("held-by-a.txt", "w")',
            'secret_of_a = 42',
            'a_done = True'
          ].join('\n')
        ),
        step(
          'b',
          [
            'import collections, os, sys',
            'assert a_done',
            'def target(fd):',
            '    try:',
            '        return os.readlink(f"/proc/self/fd/{fd}")',
            '    except OSError:  # the fd listdir itself had',
            '        return ""',
            'fds = [target(fd) for fd in os.listdir("/proc/self/fd")]',
            'print("module global:", getattr(collections, "left_by_a", None))',
            'print("planted:", "planted_by_a" in sys.modules)',
            'print("held file:", any(p.endswith("held-by-a.txt") for p in fds))',
            'print("secret:", "secret_of_a" in globals())',
            'print("parent is the server:", os.getppid() == int(os.environ["SERVER_PID"]))'
          ].join('\n')
        )
      ],
      {
        b: { env_vars: [{ env_var: 'SERVER_PID', value: String(process.pid) }] }
      }
    );
    assert.equal(
      done.status,
      'succeeded',
      JSON.stringify(done.steps.map(s => s.error))
    );
    const log = logOf(engine, done.id, 'b');
    assert.match(log, /module global: None/);
    assert.match(log, /planted: False/);
    assert.match(log, /held file: False/);
    assert.match(log, /secret: False/);
    assert.match(
      log,
      /parent is the server: False/,
      'b was forked, not spawned'
    );
    assert.doesNotMatch(log, /fresh interpreter/);
  });

  test('each step gets its own environment variables and the notebook folder', async () => {
    const show =
      'import os\nprint("env", os.environ.get("GREETING"), os.environ["CELLPIPE_STEP"], os.getcwd() == os.environ["WANT_CWD"])';
    const cwd = [{ env_var: 'WANT_CWD', value: engine.workDir }];
    const done = await run(
      engine,
      [step('greets', show), step('quiet', `${show}\nx = 1`)],
      {
        greets: { env_vars: [...cwd, { env_var: 'GREETING', value: 'hello' }] },
        quiet: { env_vars: cwd }
      }
    );
    assert.equal(done.status, 'succeeded', done.reason ?? '');
    assert.match(logOf(engine, done.id, 'greets'), /env hello greets True/);
    assert.match(logOf(engine, done.id, 'quiet'), /env None quiet True/);
  });

  test('numpy, pandas and scikit-learn steps run forked, and numpy draws afresh in each', async () => {
    const done = await run(engine, [
      {
        source:
          'import numpy as np\nimport pandas as pd\nfrom sklearn.linear_model import LogisticRegression\nfrom sklearn.datasets import load_iris',
        tags: ['imports']
      },
      step(
        'fit',
        'X, y = load_iris(return_X_y=True)\nm = LogisticRegression(max_iter=300).fit(X, y)\nscore = float(m.score(X, y))\nproduct = float((np.ones((300, 300)) @ np.ones((300, 300)))[0, 0])\nr1 = float(np.random.rand())'
      ),
      step(
        'check',
        'df = pd.DataFrame({"s": [score]})\nprint("score", round(df.s[0], 2), "product", product, "same draw", r1 == float(np.random.rand()))'
      )
    ]);
    assert.equal(done.status, 'succeeded', done.reason ?? '');
    const log = logOf(engine, done.id, 'check');
    assert.match(log, /score 0\.9\d product 300\.0 same draw False/);
    assert.doesNotMatch(
      logOf(engine, done.id, 'fit') + log,
      /fresh interpreter/
    );
  });

  test('a signal death and an exit code mean what they mean for a spawned step', async () => {
    const done = await run(engine, [
      step('killed', 'import os, signal\nos.kill(os.getpid(), signal.SIGKILL)'),
      step('exits', 'import os\nos._exit(3)')
    ]);
    const [killed, exits] = done.steps;
    assert.equal(killed.status, 'failed');
    assert.deepEqual(killed.error, describeExit(null, 'SIGKILL'));
    assert.equal(exits.error?.message, 'exited with code 3');
  });

  test("cancel kills the step's children too", async () => {
    const pidFile = join(engine.workDir, 'grandchild.pid');
    const submitted = await engine.runs.submit(
      {
        notebook: notebook([
          step(
            'spawns',
            `import subprocess, time\np = subprocess.Popen(["sleep", "300"])\nopen(${JSON.stringify(pidFile)}, "w").write(str(p.pid))\ntime.sleep(300)`
          )
        ]),
        name: 'fork',
        cache: false
      },
      { cwd: engine.workDir }
    );
    await until(
      () => {
        try {
          return readFileSync(pidFile, 'utf8').length > 0;
        } catch {
          return false;
        }
      },
      30_000,
      'the grandchild to start'
    );
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    engine.runs.cancel(submitted.id);
    const done = await engine.runs.wait(submitted.id);
    assert.equal(done.status, 'cancelled');
    await until(() => processGone(grandchild), 5_000, 'the grandchild to end');
  });

  test('a timeout stops a forked step', async () => {
    const started = Date.now();
    const done = await run(
      engine,
      [step('slow', 'import time\ntime.sleep(30)')],
      {
        slow: { timeout_seconds: 1 }
      }
    );
    assert.ok(Date.now() - started < 15_000);
    assert.equal(done.steps[0].error?.kind, 'timeout');
  });
});

describe('local executor when the fork server cannot start', () => {
  let engine: Engine;
  before(async () => {
    // A Python that runs everything but the fork server.
    const dir = mkdtempSync(join(tmpdir(), 'cellpipe-nofork-'));
    const python = join(dir, 'python');
    writeFileSync(
      python,
      `#!/bin/sh\ncase "$1" in *forkserver.py) echo "no forking on this machine" >&2; exit 7;; esac\nexec ${JSON.stringify(await resolvePython())} "$@"\n`
    );
    chmodSync(python, 0o755);
    engine = forkingEngine(python);
  });
  after(async () => {
    await engine.stop();
    engine.close();
  });

  test('steps run in fresh interpreters and their log says why', async () => {
    const done = await run(engine, [
      step('a', 'x = 1'),
      step('b', 'print("got", x + 1)')
    ]);
    assert.equal(done.status, 'succeeded', done.reason ?? '');
    for (const name of ['a', 'b']) {
      const log = logOf(engine, done.id, name);
      assert.match(
        log,
        /runs in a fresh interpreter.*no forking on this machine/
      );
    }
    assert.match(logOf(engine, done.id, 'b'), /got 2/);
  });
});
