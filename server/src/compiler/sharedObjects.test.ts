import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { compileWith, testCompileService } from '../testing/compiler.js';
import { notebook, step } from '../testing/notebooks.js';

const compile = compileWith(testCompileService());

async function sharedWarnings(...steps: Array<[string, string]>) {
  const { result } = await compile(
    notebook(steps.map(([name, source]) => step(name, source)))
  );
  return result.problems.filter(p => p.kind === 'shared-object');
}

describe('two names for one object across steps are said, not silently split', () => {
  test('a change through one name that a later reader of the other would miss', async () => {
    const found = await sharedWarnings(
      ['make', 'a = [1]\nb = a'],
      ['change', 'a.append(2)'],
      ['read', 'print(b)']
    );
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0].step, 'read');
    assert.equal(found[0].severity, 'warning');
    assert.match(
      found[0].message,
      /"b" and "a" are one object \(step "make", cell 1: b = a…\) and step "change" changes "a" in place, but step "read" receives "b" from step "make"/
    );
  });

  test('also for a part of an object (items = data["items"])', async () => {
    const found = await sharedWarnings(
      ['make', 'data = {"items": []}\nitems = data["items"]'],
      ['grow', 'items.append(1)'],
      ['count', 'n = len(data["items"])']
    );
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.match(found[0].message, /step "grow" changes "items"/);
  });

  const quiet: Array<[string, Array<[string, string]>]> = [
    [
      'a copy made on purpose',
      [
        ['make', 'a = [1]\nb = a.copy()'],
        ['change', 'a.append(2)'],
        ['read', 'print(b)']
      ]
    ],
    [
      'a name bound anew before the change',
      [
        ['make', 'a = [1]\nb = a'],
        ['rebind', 'a = [5]'],
        ['change', 'a.append(2)'],
        ['read', 'print(b)']
      ]
    ],
    [
      'a reader before the change',
      [
        ['make', 'a = [1]\nb = a'],
        ['read', 'print(b)'],
        ['change', 'a.append(2)']
      ]
    ],
    [
      'both names in one step',
      [
        ['make', 'a = [1]\nb = a\na.append(2)'],
        ['read', 'print(b)']
      ]
    ]
  ];
  for (const [name, steps] of quiet) {
    test(`nothing to say: ${name}`, async () => {
      assert.deepEqual(await sharedWarnings(...steps), []);
    });
  }
});
