import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { kubernetesFix } from '../kube/importCheckJob.js';
import type { IStepProperties } from '../contract/wire.js';
import { importProblems, type IStepCheck } from './importProblems.js';

function check(
  name: string,
  modules: string[],
  extra: {
    properties?: IStepProperties;
    installs?: boolean;
    prelude?: string[];
  } = {}
): IStepCheck {
  const use = (module: string, i: number, prelude: boolean) => ({
    module,
    cellId: prelude ? 'imports' : `${name}-cell`,
    cellIndex: prelude ? 0 : 5,
    line: i + 1,
    prelude
  });
  return {
    name,
    properties: extra.properties ?? {},
    modules: {
      installs: extra.installs ?? false,
      modules: [
        ...(extra.prelude ?? []).map((m, i) => use(m, i, true)),
        ...modules.map((m, i) => use(m, i, false))
      ]
    }
  };
}

const kubernetes = { fix: kubernetesFix, installsPackages: true };
const image = (missing: string[]) => ({
  where: 'image python:3.11-slim',
  missing,
  missingPackages: []
});

describe("the pre-flight's problems", () => {
  test("on Kubernetes: the image lacks it, add it to the step's packages", () => {
    const steps = [check('train', ['os', 'sklearn'])];
    const [p] = importProblems(
      steps,
      new Map([['train', image(['sklearn'])]]),
      kubernetes
    );
    assert.deepEqual(
      [p.kind, p.severity, p.cellId, p.line],
      ['missing-module', 'error', 'train-cell', 2]
    );
    assert.equal(
      p.message,
      "step train imports sklearn, which image python:3.11-slim does not have: add scikit-learn to the step's packages, or choose another image (runtime_image)"
    );
  });

  test('packages that provide the module satisfy it; other packages make it a warning', () => {
    const provided = check('a', ['sklearn'], {
      properties: { packages: ['scikit-learn==1.5'] }
    });
    const other = check('b', ['sklearn'], {
      properties: { packages: ['xgboost'] }
    });
    const problems = importProblems(
      [provided, other],
      new Map([
        ['a', image(['sklearn'])],
        ['b', image(['sklearn'])]
      ]),
      kubernetes
    );
    assert.deepEqual(
      problems.map(p => [p.step, p.severity]),
      [['b', 'warning']]
    );
  });

  test('a step that pip-installs as it runs gets a warning, not a refusal', () => {
    const problems = importProblems(
      [check('a', ['torch'], { installs: true })],
      new Map([['a', image(['torch'])]]),
      kubernetes
    );
    assert.deepEqual(
      problems.map(p => p.severity),
      ['warning']
    );
    assert.match(problems[0].message, /unless the step installs it as it runs/);
  });

  test('the prelude is reported once, not once per step', () => {
    const steps = [
      check('a', [], { prelude: ['yaml'] }),
      check('b', [], { prelude: ['yaml'] })
    ];
    const problems = importProblems(
      steps,
      new Map([
        ['a', image(['yaml'])],
        ['b', image(['yaml'])]
      ]),
      kubernetes
    );
    assert.deepEqual(
      problems.map(p => [p.cellId, p.message.slice(0, 45)]),
      [['imports', 'the imports cell (run by every step) imports ']]
    );
  });

  test('a check that did not answer is one warning per environment', () => {
    const unchecked = {
      where: 'image x:1',
      unchecked: 'the check Job did not finish within 20 s'
    };
    const problems = importProblems(
      [check('a', ['numpy']), check('b', ['numpy'])],
      new Map([
        ['a', unchecked],
        ['b', unchecked]
      ]),
      kubernetes
    );
    assert.deepEqual(
      problems.map(p => [p.kind, p.severity, p.message]),
      [
        [
          'imports-unchecked',
          'warning',
          'could not check imports in image x:1: the check Job did not finish within 20 s'
        ]
      ]
    );
  });
});
