import { seededRandom, type Random } from '../../testing/randomNotebooks.js';
import { notebook, type ITestCell } from '../../testing/notebooks.js';
import { checkFunctionCell } from './corpusNotebook.fixture.js';

type Kind = 'list' | 'dict' | 'box' | 'int';

/** Helpers every generated notebook has (a `functions` cell): they change what they get. */
export const FUZZ_FUNCTIONS = [
  'class Box:',
  '    def __init__(self):',
  '        self.items = []',
  'def bump(box):',
  '    box.items.append(len(box.items))',
  'def push(xs, x):',
  '    xs.append(x)'
].join('\n');

const CREATE: Record<Kind, (n: number) => string> = {
  list: n => `[${n}]`,
  dict: n => `{'k${n}': ${n}}`,
  box: () => 'Box()',
  int: n => String(n)
};

/** Statements on a variable of a kind; `v` is its name, `n` a number. */
const OPS: Record<Kind, Array<(v: string, n: number) => string>> = {
  list: [
    (v, n) => `${v}.append(${n})`,
    (v, n) => `${v} += [${n}]`,
    (v, n) => `${v}.extend([${n}, ${n + 1}])`,
    (v, n) => `${v}[0] = ${n}`,
    (v, n) => `push(${v}, ${n})`,
    v => `${v}.sort()`,
    v => `${v}.reverse()`,
    v => `size = len(${v})`,
    (v, n) => `${v} = ${v} + [${n}]`,
    (v, n) => `tmp = ${v}\ntmp.append(${n})\ndel tmp`,
    (v, n) => `for i in range(2):\n    ${v}.append(${n} + i)`
  ],
  dict: [
    (v, n) => `${v}['k${n}'] = ${n}`,
    (v, n) => `${v}.update(u${n}=${n})`,
    (v, n) => `${v}.pop('k${n}', None)`,
    v => `total = sum(${v}.values())`,
    (v, n) => `${v} = {**${v}, 'c${n}': ${n}}`
  ],
  box: [
    v => `bump(${v})`,
    (v, n) => `${v}.items.append(${n})`,
    (v, n) => `${v}.label = 'x${n}'`,
    (v, n) => `${v}.items = ${v}.items + [${n}]`,
    v => `seen = list(${v}.items)`
  ],
  int: [
    (v, n) => `${v} += ${n}`,
    v => `${v} = ${v} * 2`,
    v => `half = ${v} // 2`
  ]
};

const KINDS: Kind[] = ['list', 'dict', 'box', 'int'];
const pick = <T>(r: Random, xs: readonly T[]): T =>
  xs[Math.floor(r() * xs.length)];

/** One cell: create a variable, or change/read one that exists. */
function statement(r: Random, vars: Map<string, Kind>, n: number): string {
  const names = [...vars.keys()];
  if (names.length === 0 || (names.length < 4 && r() < 0.25)) {
    const name = `v${names.length}`;
    const kind = pick(r, KINDS);
    vars.set(name, kind);
    return `${name} = ${CREATE[kind](n)}`;
  }
  const name = pick(r, names);
  return pick(r, OPS[vars.get(name)!])(name, n);
}

/**
 * A random notebook of objects created, changed in place, passed to
 * functions that change them, aliased within a cell and read, split into
 * steps at random; its last cell prints a digest of every variable.
 */
export function fuzzNotebook(seed: number): Record<string, unknown> {
  const r = seededRandom(seed);
  const vars = new Map<string, Kind>();
  const cells: ITestCell[] = [
    checkFunctionCell(),
    { source: FUZZ_FUNCTIONS, tags: ['functions'] }
  ];
  const count = 4 + Math.floor(r() * 7);
  for (let i = 0; i < count; i++) {
    const lines = Array.from({ length: 1 + Math.floor(r() * 3) }, (_, j) =>
      statement(r, vars, i * 10 + j)
    );
    const starts = i === 0 || r() < 0.5;
    cells.push({
      source: lines.join('\n'),
      ...(starts && { cellpipe: { step: `s${i}` } })
    });
  }
  const names = [...vars.keys()].sort();
  cells.push({
    source: `_fidelity(${names.map(v => `${v}=${v}`).join(', ')})`
  });
  return notebook(cells);
}
