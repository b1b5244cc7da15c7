import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { IProblem } from '../contract/wire.js';
import { compileWith, testCompileService } from '../testing/compiler.js';
import { notebook, step, type CellSpec } from '../testing/notebooks.js';

const compile = compileWith(testCompileService());

/** One notebook per problem kind, with what the problem must say and where. */
const KINDS: Array<
  [
    string,
    CellSpec[],
    Partial<Omit<IProblem, 'message'>> & { message: RegExp },
    unknown?
  ]
> = [
  [
    'cycle',
    [step('a', 'x = 1', { after: ['b'] }), step('b', 'print(x)')],
    { kind: 'cycle', severity: 'error', message: /cycle: [ab] → [ab] → [ab]/ }
  ],
  [
    'unknown-step',
    [step('a', 'x = 1', { after: ['nope'] })],
    {
      kind: 'unknown-step',
      step: 'a',
      message: /runs after "nope", but no step has that name/
    }
  ],
  [
    'syntax-error',
    [step('a', 'x = 1'), 'def broken(:\n    pass'],
    {
      kind: 'syntax-error',
      step: 'a',
      cellIndex: 1,
      line: 1,
      message: /step "a", cell 2, line 1/
    }
  ],
  [
    'invalid-step-name',
    [step('Train_Model', 'x = 1')],
    { kind: 'invalid-step-name', step: 'Train_Model', message: /DNS-1123/ }
  ],
  [
    'invalid-step-name (two names, one Kubernetes name)',
    [step('load_data', 'x = 1'), step('load-data', 'y = x')],
    {
      kind: 'invalid-step-name',
      step: 'load-data',
      message:
        /"load_data" and "load-data" both have the Kubernetes name "load-data"/
    }
  ],
  [
    'unsupported-kale (warning)',
    [{ source: 'x = 1', tags: ['step:a', 'report:enabled'] }],
    {
      kind: 'unsupported-kale',
      severity: 'warning',
      cellIndex: 0,
      message: /HTML report/
    }
  ],
  [
    // Composition itself: pipelines/composeReferences.test.ts, on real files.
    'notebook-reference (no notebook folder to read it from)',
    [step('a', 'x = 1'), { source: '', tags: ['notebook:prep'] }],
    {
      kind: 'notebook-reference',
      severity: 'error',
      cellIndex: 1,
      message: /references notebook "prep", but notebooks cannot be read here/
    }
  ],
  [
    'random-state (a generator whose state is not carried)',
    [
      step('a', 'import torch\ntorch.manual_seed(0)\nx = 1'),
      step('b', 'y = x')
    ],
    {
      kind: 'random-state',
      severity: 'warning',
      cellIndex: 0,
      message:
        /torch\.manual_seed\(\) seeds a generator whose state Cellpipe does not carry/
    }
  ],
  [
    'ignored-metric-code (warning)',
    [step('a', 'acc = 1'), { source: 'acc = 2', tags: ['pipeline-metrics'] }],
    {
      kind: 'ignored-metric-code',
      severity: 'warning',
      cellIndex: 1,
      message: /not run or reported/
    }
  ],
  [
    'empty-step',
    [step('a', '   \n')],
    { kind: 'empty-step', step: 'a', message: /has no code/ }
  ],
  [
    'non-literal-parameter',
    [
      { source: 'lr = 0.1\nn = compute()', tags: ['pipeline-parameters'] },
      step('a', 'x = lr')
    ],
    { kind: 'non-literal-parameter', line: 2, message: /"n" must be a literal/ }
  ],
  [
    'unknown-metric',
    [step('a', 'x = 1'), { source: 'accuracy', tags: ['pipeline-metrics'] }],
    { kind: 'unknown-metric', message: /"accuracy" is not defined by any step/ }
  ],
  [
    'invalid-property (Kale limit)',
    [{ source: 'x = 1', tags: ['block:a', 'limit:memory:lots'] }],
    { kind: 'invalid-property', step: 'a', message: /memory_limit/ }
  ],
  [
    'undefined-name (warning)',
    [step('a', 'print(mystery)')],
    {
      kind: 'undefined-name',
      severity: 'warning',
      message: /"mystery", which no step/
    }
  ],
  [
    'undefined-name from a later step (warning)',
    [step('a', 'print(y)'), step('b', 'y = 1')],
    {
      kind: 'undefined-name',
      severity: 'warning',
      message: /only the later step "b"/
    }
  ],
  [
    'star-import (warning)',
    [step('a', 'from os.path import *')],
    { kind: 'star-import', severity: 'warning', message: /import \*/ }
  ],
  [
    'invalid-notebook',
    [],
    { kind: 'invalid-notebook', message: /not a Jupyter notebook/ },
    { nbformat: 4, cells: 'oops' }
  ],
  [
    'unsupported-version',
    [step('a', 'x = 1')],
    { kind: 'unsupported-version', message: /newer Cellpipe/ },
    'pipeline:v9'
  ]
];

describe('every problem kind is reported, never thrown', () => {
  for (const [name, cells, expected, override] of KINDS) {
    test(name, async () => {
      const nb =
        override === 'pipeline:v9'
          ? notebook(cells, { version: 9 })
          : override !== undefined
            ? override
            : notebook(cells);
      const { result } = await compile(nb);
      const { message, ...fields } = expected;
      const found = result.problems.find(p => p.kind === fields.kind);
      assert.ok(
        found,
        `no ${fields.kind} in ${JSON.stringify(result.problems)}`
      );
      assert.match(found.message, message);
      for (const [key, value] of Object.entries(fields)) {
        assert.deepEqual(found[key as keyof IProblem], value, key);
      }
      assert.equal(
        result.ok,
        !result.problems.some(p => p.severity === 'error')
      );
    });
  }

  test('a pipeline with errors produces no programs', async () => {
    const compiled = await compile(
      notebook([step('a', 'x = 1', { after: ['a'] })])
    );
    assert.equal(compiled.result.ok, false);
    assert.equal(compiled.programs.size, 0);
  });

  test('a valid pipeline has one program per step', async () => {
    const compiled = await compile(
      notebook([step('a', 'x = 1'), step('b', 'y = x')])
    );
    assert.equal(compiled.result.ok, true);
    assert.deepEqual([...compiled.programs.keys()], ['a', 'b']);
  });
});

describe('pipeline parameters', () => {
  const nb = notebook([
    {
      source:
        'lr = 0.1\nepochs = 10\nname = "run"\nverbose = False\nlayers = [64, 32]\nopts = {"a": 1}\nseed = None\nneg = -3',
      tags: ['pipeline-parameters']
    },
    step('a', 'x = lr * epochs')
  ]);

  test('are typed from their literals', async () => {
    const { result } = await compile(nb);
    assert.deepEqual(
      result.parameters.map(p => [p.name, p.type, p.default]),
      [
        ['lr', 'float', 0.1],
        ['epochs', 'int', 10],
        ['name', 'str', 'run'],
        ['verbose', 'bool', false],
        ['layers', 'list', [64, 32]],
        ['opts', 'dict', { a: 1 }],
        ['seed', 'none', null],
        ['neg', 'int', -3]
      ]
    );
  });

  test('each step knows which parameters it reads (a change re-runs only those)', async () => {
    const { result } = await compile(
      notebook([
        {
          source: 'lr = 0.1\nepochs = 3\nunused = 1',
          tags: ['pipeline-parameters']
        },
        step('prep', 'data = [1, 2]'),
        step('train', 'model = [d * lr for d in data] * epochs')
      ])
    );
    assert.deepEqual(
      result.steps.map(s => [s.name, s.parameters]),
      [
        ['prep', []],
        ['train', ['epochs', 'lr']]
      ]
    );
  });

  test('take overrides converted to their type (command-line strings too)', async () => {
    const { result } = await compile(nb, {
      lr: '0.5',
      epochs: 3,
      verbose: 'true',
      layers: '[1]',
      seed: 7
    });
    const values = Object.fromEntries(
      result.parameters.map(p => [p.name, p.value])
    );
    assert.deepEqual(values, {
      lr: 0.5,
      epochs: 3,
      name: 'run',
      verbose: true,
      layers: [1],
      opts: { a: 1 },
      seed: 7,
      neg: -3
    });
    assert.deepEqual(result.problems, []);
  });

  const bad: Array<[Record<string, unknown>, string, RegExp]> = [
    [
      { epochs: '2.5' },
      'invalid-parameter-value',
      /"epochs" \(int\): expected an integer/
    ],
    [{ lr: 'fast' }, 'invalid-parameter-value', /expected a number/],
    [{ verbose: 'maybe' }, 'invalid-parameter-value', /expected true or false/],
    [
      { layers: '{"a": 1}' },
      'invalid-parameter-value',
      /expected a JSON array/
    ],
    [{ name: 5 }, 'invalid-parameter-value', /expected a string/],
    [
      { nope: 1 },
      'unknown-parameter',
      /"nope" is not a pipeline parameter \(parameters: lr, epochs/
    ]
  ];
  for (const [overrides, kind, message] of bad) {
    test(`reject ${JSON.stringify(overrides)}`, async () => {
      const { result } = await compile(nb, overrides);
      assert.equal(result.ok, false);
      assert.equal(result.problems[0].kind, kind);
      assert.match(result.problems[0].message, message);
    });
  }
});
