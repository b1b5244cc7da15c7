import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { builtInExecutors, type IEngineOptions } from '../../app.js';
import { notebook, step } from '../notebooks.js';
import { testEngine } from '../testEngine.js';
import { InlineProgramExecutor } from './InlineProgramExecutor.js';

const options: Partial<IEngineOptions> = { concurrency: 2 };

describe('a new executor is one folder and one registration line', () => {
  const engine = testEngine({
    ...options,
    executors: [
      ...builtInExecutors(options),
      setup => new InlineProgramExecutor(setup)
    ]
  });
  after(async () => {
    await engine.stop();
    engine.close();
  });

  test('the engine offers it beside the built-in ones', () => {
    assert.deepEqual(
      [...engine.executors.keys()],
      ['local', 'kubernetes', 'inline']
    );
  });

  test('a run that names it runs there, values passing between steps', async () => {
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
    assert.equal(done.target, 'inline');
    assert.ok(
      engine.store.getLogs(done.id, 'total').some(l => l.line === 'total 12')
    );
  });
});
