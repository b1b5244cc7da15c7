import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import type { IEngine } from '../app.js';
import { ValidationError } from '../errors.js';
import { notebook, step } from '../testing/notebooks.js';
import { testCompileService } from '../testing/compiler.js';
import { testEngine } from '../testing/testEngine.js';
import { resolvePython } from '../pipelines/pythonExecutable.js';
import { ImportPreflight } from './ImportPreflight.js';
import { LocalImportCheck } from './LocalImportCheck.js';

const MISSING = 'no_such_module_cp18';

async function refusal(promise: Promise<unknown>): Promise<ValidationError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ValidationError, String(err));
    return err;
  }
  assert.fail('the run was not refused');
}

describe('the pre-flight check of a local run', () => {
  let engine: IEngine & { workDir: string };
  before(() => {
    engine = testEngine();
  });
  after(() => engine.stop());

  test('a step importing what its Python lacks is refused before anything runs, on its cell', async () => {
    const nb = notebook([
      step('load', 'import json\nx = 1'),
      step('train', `import os\nimport ${MISSING}.sub as m\ny = x + 1`)
    ]);
    const err = await refusal(engine.runs.submit({ notebook: nb }));
    const python = await resolvePython();
    assert.deepEqual(
      err.problems?.map(p => [p.kind, p.severity, p.step, p.cellId, p.line]),
      [['missing-module', 'error', 'train', 'c1', 2]]
    );
    assert.match(
      err.problems[0].message,
      new RegExp(
        `^step train imports ${MISSING}, which .*python.* does not have: pip install no-such-module-cp18, or choose another Python`
      )
    );
    assert.ok(python.length > 0);
    assert.equal(engine.store.listRuns({}).runs.length, 0, 'nothing ran');
  });

  test('a module beside the notebook, the standard library and a guarded import pass', async () => {
    writeFileSync(join(engine.workDir, 'helpers_cp18.py'), 'VALUE = 2\n');
    const nb = notebook([
      step(
        'only',
        `import helpers_cp18, math\ntry:\n    import ${MISSING}\nexcept ImportError:\n    pass\ndef later():\n    import ${MISSING}\nv = helpers_cp18.VALUE`
      )
    ]);
    const run = await engine.runs.submit({ notebook: nb });
    assert.equal(run.status === 'queued' || run.status === 'running', true);
  });

  test('packages a local step names must be in its Python: Cellpipe does not pip into it', async () => {
    const nb = notebook([step('only', 'import json')], {
      version: 1,
      steps: { only: { packages: ['no-such-dist-cp18==1.0'] } }
    });
    const err = await refusal(engine.runs.submit({ notebook: nb }));
    assert.deepEqual(
      err.problems?.map(p => [p.kind, p.path]),
      [['missing-package', 'steps.only.packages']]
    );
    assert.match(err.problems[0].message, /never into your environment/);
  });
});

describe('what the check costs', () => {
  test('one short process for a run, nothing once its modules are known', async () => {
    const compiled = await testCompileService().compile({
      notebook: notebook([
        step('load', 'import json, os, re\nimport collections'),
        step('train', 'import math, statistics, random\nimport pickle'),
        step('report', 'import csv, textwrap')
      ]),
      name: 'cost'
    });
    const preflight = new ImportPreflight(
      new Map([['local', new LocalImportCheck({ python: resolvePython() })]])
    );
    const cwd = process.cwd();
    const t0 = performance.now();
    const first = await preflight.check('local', compiled, cwd);
    const t1 = performance.now();
    const again = await preflight.check('local', compiled, cwd);
    const t2 = performance.now();
    assert.deepEqual([first, again], [[], []]);
    console.log(
      `pre-flight of 3 steps, 11 modules: ${(t1 - t0).toFixed(1)} ms first, ${(t2 - t1).toFixed(2)} ms cached`
    );
    assert.ok(t2 - t1 < 20, `cached check took ${t2 - t1} ms`);
  });
});
