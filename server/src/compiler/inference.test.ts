import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { compileWith, testCompileService } from '../testing/compiler.js';
import { notebook, step, type CellSpec } from '../testing/notebooks.js';

const compile = compileWith(testCompileService());

interface IWiring {
  [step: string]: { in?: string[]; out?: string[] };
}

async function wiringOf(cells: CellSpec[]): Promise<IWiring> {
  const { result } = await compile(notebook(cells));
  return Object.fromEntries(
    result.steps.map(s => [s.name, { in: s.inputs, out: s.outputs }])
  );
}

/** Each rule of dependency inference, as a notebook and the wiring it must give. */
const RULES: Array<[string, CellSpec[], IWiring]> = [
  [
    'a name read from an earlier step is an input/output',
    [step('a', 'x = 1'), step('b', 'print(x)')],
    { a: { in: [], out: ['x'] }, b: { in: ['x'], out: [] } }
  ],
  [
    'the latest earlier producer is the one read',
    [step('a', 'x = 1'), step('b', 'x = x + 1'), step('c', 'print(x)')],
    {
      a: { in: [], out: ['x'] },
      b: { in: ['x'], out: ['x'] },
      c: { in: ['x'], out: [] }
    }
  ],
  [
    'a name defined earlier in the same step is not an input',
    [step('a', 'x = 1'), step('b', 'x = 2'), 'print(x)'],
    { a: { in: [], out: [] }, b: { in: [], out: [] } }
  ],
  [
    'module imports are local to the step',
    [step('a', 'import json'), step('b', 'import json\njson.dumps(1)')],
    { a: { in: [], out: [] }, b: { in: [], out: [] } }
  ],
  [
    'the imports cell is available to every step',
    [
      { source: 'import json', tags: ['imports'] },
      step('a', 'y = json.dumps(1)')
    ],
    { a: { in: [], out: [] } }
  ],
  [
    'functions from the functions cell are available to every step',
    [
      { source: 'def f(v):\n    return v', tags: ['functions'] },
      step('a', 'y = f(1)')
    ],
    { a: { in: [], out: [] } }
  ],
  [
    'a function defined in a step is passed like a value',
    [step('a', 'def f():\n    return 1'), step('b', 'y = f()')],
    { a: { in: [], out: ['f'] }, b: { in: ['f'], out: [] } }
  ],
  [
    'a class defined in a step is passed like a value',
    [step('a', 'class Model:\n    pass'), step('b', 'm = Model()')],
    { a: { in: [], out: ['Model'] }, b: { in: ['Model'], out: [] } }
  ],
  [
    'free names inside a function body are reads',
    [
      step('a', 'scale = 2'),
      step('b', 'def g(v):\n    return v * scale\ny = g(1)')
    ],
    { a: { in: [], out: ['scale'] }, b: { in: ['scale'], out: [] } }
  ],
  [
    'loop variables are definitions, not reads',
    [step('a', 'i = 5'), step('b', 'for i in range(3):\n    pass\nprint(i)')],
    { a: { in: [], out: [] }, b: { in: [], out: [] } }
  ],
  [
    'comprehension variables do not leak',
    [step('a', 'v = 1'), step('b', 'ys = [v for v in range(3)]')],
    { a: { in: [], out: [] }, b: { in: [], out: [] } }
  ],
  [
    'global in a function defines the name',
    [
      step('a', 'def setup():\n    global cfg\n    cfg = 1\nsetup()'),
      step('b', 'print(cfg)')
    ],
    { a: { in: [], out: ['cfg'] }, b: { in: ['cfg'], out: [] } }
  ],
  [
    'augmented assignment reads and defines',
    [
      step('a', 'total = 0'),
      step('b', 'total += 1'),
      step('c', 'print(total)')
    ],
    {
      a: { in: [], out: ['total'] },
      b: { in: ['total'], out: ['total'] },
      c: { in: ['total'], out: [] }
    }
  ],
  [
    'del removes a name from what a step provides',
    [step('a', 'x = 1\ndel x'), step('b', 'x = 3'), step('c', 'print(x)')],
    {
      a: { in: [], out: [] },
      b: { in: [], out: ['x'] },
      c: { in: ['x'], out: [] }
    }
  ],
  [
    'parameters are available to every step',
    [
      { source: 'lr = 0.1', tags: ['pipeline-parameters'] },
      step('a', 'y = lr * 2')
    ],
    { a: { in: [], out: [] } }
  ],
  [
    'builtins are not inputs',
    [step('a', 'print(len([1]))')],
    { a: { in: [], out: [] } }
  ],
  [
    'magics and ! lines do not break parsing',
    [
      step('a', 'x = 1'),
      step('b', '%time y = x + 1\n!echo hi\nfiles = !ls\nprint(y)')
    ],
    { a: { in: [], out: ['x'] }, b: { in: ['x'], out: [] } }
  ]
];

describe("dependency inference with Python's ast", () => {
  for (const [name, cells, expected] of RULES) {
    test(name, async () => {
      assert.deepEqual(await wiringOf(cells), expected);
    });
  }

  test('edges carry the variables and are kept when explicit', async () => {
    const { result } = await compile(
      notebook([
        step('a', 'x = 1\ny = 2'),
        step('b', 'z = 3'),
        step('c', 'print(x, y)', { after: ['b'] })
      ])
    );
    assert.deepEqual(result.edges, [
      { from: 'b', to: 'c', variables: [], explicit: true },
      { from: 'a', to: 'c', variables: ['x', 'y'], explicit: false }
    ]);
    assert.deepEqual(result.order, ['a', 'b', 'c']);
    assert.deepEqual(result.steps[2].dependsOn, ['b', 'a']);
  });

  test('an explicit edge to a later step reorders the run', async () => {
    const { result } = await compile(
      notebook([step('a', 'x = 1', { after: ['b'] }), step('b', 'y = 2')])
    );
    assert.deepEqual(result.order, ['b', 'a']);
    assert.equal(result.ok, true);
  });

  test("the notebook's extra edges count too", async () => {
    const { result } = await compile(
      notebook([step('a', 'x = 1'), step('b', 'y = 2')], {
        version: 1,
        edges: [{ from: 'a', to: 'b' }]
      })
    );
    assert.deepEqual(result.steps[1].dependsOn, ['a']);
  });

  test('a fan-out/fan-in pipeline', async () => {
    const { result } = await compile(
      notebook([
        step('load', 'data = [1, 2]'),
        step('left', 'l = sum(data)'),
        step('right', 'r = max(data)'),
        step('join', 'out = l + r')
      ])
    );
    assert.deepEqual(result.order, ['load', 'left', 'right', 'join']);
    assert.deepEqual(result.steps[3].dependsOn.sort(), ['left', 'right']);
    assert.deepEqual(result.steps[0].outputs, ['data']);
  });

  test('an object changed in place is passed on by the step that changed it', async () => {
    const { result } = await compile(
      notebook([
        step('make', 'model = make_model()\nhistory = []'),
        step('fit', "model.fit(X, y)\nhistory.append('fit')"),
        step('use', 'print(model.predict(X), history)')
      ])
    );
    const use = result.steps.find(s => s.name === 'use')!;
    assert.deepEqual(use.dependsOn, ['fit']);
    assert.deepEqual(result.steps[1].outputs, ['history', 'model']);
    assert.deepEqual(
      result.edges.find(e => e.from === 'fit' && e.to === 'use'),
      {
        from: 'fit',
        to: 'use',
        variables: ['history', 'model'],
        changed: ['history', 'model'],
        explicit: false
      }
    );
  });

  test('steps that only read an object stay parallel', async () => {
    const { result } = await compile(
      notebook([
        step('load', 'df = load()'),
        step('left', 'a = len(df)\nprint(df.describe())'),
        step('right', 'b = df.mean()'),
        step('change', "df['c'] = 1"),
        step('last', 'print(df)')
      ])
    );
    const deps = Object.fromEntries(
      result.steps.map(s => [s.name, [...s.dependsOn].sort()])
    );
    assert.deepEqual(deps.left, ['load']);
    assert.deepEqual(deps.right, ['load']);
    assert.deepEqual(deps.change, ['load']);
    assert.deepEqual(deps.last, ['change']);
  });

  test('two steps changing one object run in notebook order', async () => {
    const { result } = await compile(
      notebook([
        step('load', 'rows = []'),
        step('one', 'rows.append(1)'),
        step('two', 'rows.append(2)'),
        step('show', 'print(rows)')
      ])
    );
    assert.equal(result.ok, true);
    assert.deepEqual(result.steps[2].dependsOn, ['one']);
    assert.deepEqual(result.steps[3].dependsOn, ['two']);
  });

  test('a value no process boundary carries is refused at compile time, naming both steps', async () => {
    const { result } = await compile(
      notebook([
        step('open', "f = open('log.txt', 'w')\nrows = (i for i in range(3))"),
        step('write', "f.write('x')\nprint(list(rows))")
      ])
    );
    assert.equal(result.ok, false);
    const kinds = result.problems.filter(p => p.kind === 'cannot-cross');
    assert.deepEqual(
      kinds.map(p => p.message),
      [
        '"f" is an open file (made in step "open"), which cannot be passed to another process, but step "write" reads it: make it again in the step that uses it, or keep those cells in one step',
        '"rows" is a generator (made in step "open"), which cannot be passed to another process, but step "write" reads it: make it again in the step that uses it, or keep those cells in one step'
      ]
    );
  });

  test('a file opened and closed within one step is no problem', async () => {
    const { result } = await compile(
      notebook([
        step('write', "f = open('log.txt', 'w')\nf.write('x')\nf.close()"),
        step('later', 'print(1)')
      ])
    );
    assert.equal(result.ok, true);
  });

  test('of two unrelated steps binding a name, the later one in notebook order is read, as in the notebook', async () => {
    const { result } = await compile(
      notebook([step('a', 'x = 1'), step('b', 'x = 2'), step('c', 'print(x)')])
    );
    assert.equal(result.ok, true);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.steps[2].dependsOn, ['b']);
  });
});
