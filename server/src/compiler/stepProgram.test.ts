import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, test } from 'node:test';

import { readHarness } from '../app.js';
import { compileWith, testCompileService } from '../testing/compiler.js';
import { notebook, step } from '../testing/notebooks.js';

const GOLDEN = new URL('../../src/compiler/golden/', import.meta.url);
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const compile = compileWith(testCompileService());

/** A small, complete pipeline: prelude, parameters, three steps, a metric. */
export const GOLDEN_NOTEBOOK = notebook([
  { source: '# Churn model', type: 'markdown' },
  { source: 'import json\nimport math', tags: ['imports'] },
  { source: 'def square(v):\n    return v * v', tags: ['functions'] },
  { source: 'rows = 100\nscale = 0.5', tags: ['pipeline-parameters'] },
  step('load', 'data = [square(i) * scale for i in range(rows)]'),
  step('train', 'weights = sum(data) / len(data)\nprint("trained", weights)'),
  'quality = math.sqrt(weights)',
  step('report', 'summary = json.dumps({"w": weights, "q": quality})'),
  { source: 'quality', tags: ['pipeline-metrics'] }
]);

describe('generated step programs (golden files)', () => {
  test('embed the harness verbatim and match the golden definition', async () => {
    const harness = readHarness().trimEnd();
    const { result, programs } = await compile(GOLDEN_NOTEBOOK);
    assert.equal(result.ok, true, JSON.stringify(result.problems));
    assert.deepEqual([...programs.keys()], ['load', 'train', 'report']);
    for (const [name, program] of programs) {
      assert.ok(
        program.startsWith(harness),
        `${name}: the harness is not embedded verbatim`
      );
      const tail = program.slice(harness.length);
      const file = new URL(`${name}.tail.py`, GOLDEN);
      if (UPDATE) {
        writeFileSync(file, tail);
      }
      assert.equal(
        tail,
        readFileSync(file, 'utf8'),
        `${name}: differs from golden/${name}.tail.py (UPDATE_GOLDEN=1 rewrites it)`
      );
    }
  });

  test('the program hash changes with the code and only with it', async () => {
    const hashes = async (nb: unknown) =>
      (await compile(nb)).result.steps.map(s => s.programHash);
    const base = await hashes(
      notebook([step('a', 'x = 1'), step('b', 'y = x + 1')])
    );
    assert.deepEqual(
      await hashes(notebook([step('a', 'x = 1'), step('b', 'y = x + 1')])),
      base
    );
    const changed = await hashes(
      notebook([step('a', 'x = 1'), step('b', 'y = x + 2')])
    );
    assert.equal(changed[0], base[0]);
    assert.notEqual(changed[1], base[1]);
  });
});
