/**
 * Seeded random notebooks and pipeline documents for fuzzing: mostly
 * plausible ones (so deep code paths run) and some that are plain garbage.
 */
export type Random = () => number;

/** mulberry32: small, fast, reproducible from a seed. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: Random, items: readonly T[]): T =>
  items[Math.floor(r() * items.length)];

const NAMES = [
  'x',
  'y',
  'df',
  'model',
  'data',
  'lr',
  'acc',
  'i',
  'f',
  'Model',
  'np',
  'é',
  '_'
];
const SNIPPETS = [
  (r: Random) => `${pick(r, NAMES)} = ${pick(r, NAMES)} + 1`,
  (r: Random) =>
    `${pick(r, NAMES)} = ${pick(r, ['1', '"s"', '[1, 2]', '{"a": 1}', 'None', '-2.5', 'f()'])}`,
  (r: Random) => `print(${pick(r, NAMES)})`,
  (r: Random) => `import ${pick(r, ['os', 'json', 'numpy as np', 'a.b.c'])}`,
  (r: Random) =>
    `from ${pick(r, ['os', 'x'])} import ${pick(r, ['*', 'path', 'a as b'])}`,
  (r: Random) =>
    `def ${pick(r, NAMES)}(a=${pick(r, NAMES)}):\n    return a + ${pick(r, NAMES)}`,
  (r: Random) =>
    `for ${pick(r, NAMES)} in range(3):\n    ${pick(r, NAMES)} += 1`,
  (r: Random) =>
    `[${pick(r, NAMES)} for ${pick(r, NAMES)} in ${pick(r, NAMES)}]`,
  (r: Random) => `del ${pick(r, NAMES)}`,
  (r: Random) => `%time ${pick(r, NAMES)} = 1`,
  (r: Random) => `!echo ${pick(r, NAMES)}`,
  (r: Random) => `%%bash\necho ${pick(r, NAMES)}`,
  () => 'def broken(:',
  () => 'x = (((((((((',
  () => '\u0000\ud800 weird',
  () => 'class A:\n    def m(self):\n        return self',
  () => ''.padEnd(300, '(') + ''.padEnd(300, ')'),
  () => ''
];
const STEP_NAMES = [
  'load',
  'train',
  'eval',
  'a',
  'b',
  'Bad_Name',
  '',
  '-x',
  'x'.repeat(70),
  'ünï'
];

function randomJson(r: Random, depth = 0): unknown {
  const kinds = depth > 2 ? 4 : 6;
  switch (Math.floor(r() * kinds)) {
    case 0:
      return null;
    case 1:
      return Math.floor(r() * 200) - 50;
    case 2:
      return pick(r, ['', 'x', 'load', '1Gi', 'true']);
    case 3:
      return r() < 0.5;
    case 4:
      return Array.from({ length: Math.floor(r() * 3) }, () =>
        randomJson(r, depth + 1)
      );
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(r() * 3) }, () => [
          pick(r, [
            'version',
            'steps',
            'edges',
            'layout',
            'defaults',
            'load',
            'retries',
            'from',
            'to'
          ]),
          randomJson(r, depth + 1)
        ])
      );
  }
}

function randomCellMetadata(r: Random): Record<string, unknown> {
  const meta: Record<string, unknown> = {};
  const roll = r();
  if (roll < 0.35) {
    meta.cellpipe = {
      step: pick(r, STEP_NAMES),
      ...(r() < 0.3 ? { after: [pick(r, STEP_NAMES)] } : {})
    };
  } else if (roll < 0.5) {
    meta.tags = [
      pick(r, [
        'imports',
        'functions',
        'pipeline-parameters',
        'pipeline-metrics',
        'skip',
        'block:train',
        'step:load',
        'prev:load',
        'image:py',
        'limit:memory:1Gi',
        'limit:x:y',
        'parameters'
      ])
    ];
  } else if (roll < 0.55) {
    meta.cellpipe = randomJson(r);
  } else if (roll < 0.6) {
    meta.tags = randomJson(r);
  }
  return meta;
}

function randomCell(r: Random, i: number): Record<string, unknown> {
  const lines = Array.from({ length: 1 + Math.floor(r() * 3) }, () =>
    pick(r, SNIPPETS)(r)
  );
  return {
    cell_type: r() < 0.9 ? 'code' : pick(r, ['markdown', 'raw', 'weird']),
    id: r() < 0.95 ? `c${i}` : pick(r, ['', 'dup', 'c0']),
    metadata: randomCellMetadata(r),
    source: r() < 0.8 ? lines.join('\n') : lines.map(l => `${l}\n`)
  };
}

/** A mutation of a valid notebook: keys removed, values replaced by random JSON. */
function mutate(r: Random, nb: Record<string, unknown>): unknown {
  const cells = nb.cells as Record<string, unknown>[];
  switch (Math.floor(r() * 6)) {
    case 0:
      return randomJson(r);
    case 1:
      return { ...nb, cells: randomJson(r) };
    case 2:
      return { ...nb, nbformat: randomJson(r) };
    case 3:
      return { ...nb, metadata: { cellpipe: { pipeline: randomJson(r) } } };
    case 4:
      return cells.length
        ? {
            ...nb,
            cells: cells.map((c, i) =>
              i === 0
                ? {
                    ...c,
                    [pick(r, ['source', 'metadata', 'cell_type', 'id'])]:
                      randomJson(r)
                  }
                : c
            )
          }
        : nb;
    default:
      return {
        ...nb,
        metadata: {
          cellpipe: {
            pipeline: {
              version: 1,
              steps: { load: randomJson(r) },
              edges: [{ from: 'load', to: pick(r, STEP_NAMES) }],
              layout: randomJson(r)
            }
          }
        }
      };
  }
}

export function randomNotebook(r: Random): unknown {
  const cells = Array.from({ length: Math.floor(r() * 8) }, (_, i) =>
    randomCell(r, i)
  );
  const nb: Record<string, unknown> = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells
  };
  return r() < 0.3 ? mutate(r, nb) : nb;
}
