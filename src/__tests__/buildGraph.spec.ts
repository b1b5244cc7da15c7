import type { IProblem } from '../api/wire';
import {
  buildGraph,
  edgeLabel,
  MAX_LABELLED_EDGES,
  runAsSource
} from '../graph/buildGraph';
import { layoutSteps, NODE_HEIGHT, structureKey } from '../graph/layout';
import {
  compiledStep,
  compileResult,
  edge,
  runRecord,
  stepRecord
} from './fixtures';
import './structuredClone';

const diamond = compileResult(
  [
    compiledStep('load', 2),
    compiledStep('clean'),
    compiledStep('features', 3),
    compiledStep('train')
  ],
  [
    edge('load', 'clean', ['df']),
    edge('load', 'features', ['df', 'meta']),
    edge('clean', 'train', ['x', 'y']),
    edge('features', 'train', [], true)
  ]
);

describe('building the pipeline graph from a compile result', () => {
  it('makes one node per step with its name and number of cells', () => {
    const { nodes } = buildGraph(diamond);
    expect(nodes.map(n => [n.id, n.type, n.data.cellCount])).toEqual([
      ['load', 'step', 2],
      ['clean', 'step', 1],
      ['features', 'step', 3],
      ['train', 'step', 1]
    ]);
    expect(nodes.every(n => n.data.status === null)).toBe(true);
  });

  it('makes one edge per compile edge, labelled with the variables passed', () => {
    const { edges } = buildGraph(diamond);
    expect(edges.map(e => [e.source, e.target, e.label])).toEqual([
      ['load', 'clean', 'df'],
      ['load', 'features', 'df, meta'],
      ['clean', 'train', 'x, y'],
      ['features', 'train', '']
    ]);
  });

  it('marks explicit edges so they are drawn dashed', () => {
    const { edges } = buildGraph(diamond);
    const explicit = edges.filter(e =>
      e.className?.includes('jp-cellpipe-GraphEdge-explicit')
    );
    expect(explicit.map(e => e.id)).toEqual(['features->train']);
    expect(explicit[0].data).toMatchObject({ variables: [], explicit: true });
  });

  it('shortens labels of edges that pass many variables', () => {
    expect(edgeLabel(['a', 'b', 'c', 'd', 'e'])).toBe('a, b, c +2');
    expect(edgeLabel(['a', 'b', 'c'])).toBe('a, b, c');
  });

  it('names the carried random generators in words', () => {
    expect(edgeLabel(['__cellpipe_random_state__', 'X'])).toBe(
      'random state, X'
    );
  });

  it('says which variables come changed in place', () => {
    expect(edgeLabel(['history', 'model', 'X'], ['model'])).toBe(
      'history, model (changed), X'
    );
  });

  it('ignores edges to steps that do not exist (the server reports them)', () => {
    const broken = compileResult(
      [compiledStep('a')],
      [edge('a', 'ghost', ['x'])]
    );
    expect(buildGraph(broken).edges).toEqual([]);
  });

  it('gives each step the problems that name it', () => {
    const problems: IProblem[] = [
      {
        path: 'steps.train.cells.0',
        message: 'invalid syntax',
        kind: 'syntax-error',
        severity: 'error',
        step: 'train'
      },
      {
        path: 'parameters.lr',
        message: 'not a literal',
        kind: 'non-literal-parameter',
        severity: 'error'
      }
    ];
    const { nodes } = buildGraph(diamond, null, problems);
    const train = nodes.find(n => n.id === 'train')!;
    expect(train.data.problems.map(p => p.kind)).toEqual(['syntax-error']);
    expect(nodes.filter(n => n.data.problems.length > 0)).toHaveLength(1);
  });
});

describe('statuses from a run', () => {
  const run = runRecord([
    stepRecord('load', 'succeeded', { durationMs: 1200 }),
    stepRecord('clean', 'cached'),
    stepRecord('features', 'failed', {
      durationMs: 300,
      error: { kind: 'cell', message: 'ZeroDivisionError: division by zero' }
    }),
    stepRecord('train', 'running', { startedAt: '2025-01-01T10:00:05Z' })
  ]);

  it('puts each step status, duration and reason on its node', () => {
    const { nodes } = buildGraph(diamond, run);
    expect(
      nodes.map(n => [n.id, n.data.status, n.data.durationMs, n.data.reason])
    ).toEqual([
      ['load', 'succeeded', 1200, null],
      ['clean', 'cached', null, null],
      ['features', 'failed', 300, 'ZeroDivisionError: division by zero'],
      ['train', 'running', null, null]
    ]);
    expect(nodes[3].data.startedAt).toBe('2025-01-01T10:00:05Z');
  });

  it('marks edges into a running step as active', () => {
    const { edges } = buildGraph(diamond, run);
    const active = edges.filter(e =>
      e.className?.includes('jp-cellpipe-GraphEdge-active')
    );
    expect(active.map(e => e.id)).toEqual(['clean->train', 'features->train']);
  });

  it('leaves steps the run does not know without a status', () => {
    const partial = runRecord([stepRecord('load', 'queued')]);
    const { nodes } = buildGraph(diamond, partial);
    expect(nodes.map(n => n.data.status)).toEqual(['queued', null, null, null]);
  });

  it('draws a run record on its own, in the run order', () => {
    const record = runRecord(
      [stepRecord('b', 'pending'), stepRecord('a', 'succeeded')],
      { order: ['a', 'b'], edges: [edge('a', 'b', ['x'])] }
    );
    const { nodes, edges } = buildGraph(runAsSource(record), record);
    expect(nodes.map(n => [n.id, n.data.status])).toEqual([
      ['a', 'succeeded'],
      ['b', 'pending']
    ]);
    expect(edges.map(e => e.id)).toEqual(['a->b']);
    expect(nodes[1].position.y).toBeGreaterThan(nodes[0].position.y);
  });
});

describe('layout', () => {
  it('places steps top to bottom along their edges with dagre', () => {
    const { nodes } = buildGraph(diamond);
    const y = Object.fromEntries(nodes.map(n => [n.id, n.position.y]));
    expect(y.clean).toBeGreaterThanOrEqual(y.load + NODE_HEIGHT);
    expect(y.features).toBe(y.clean);
    expect(y.train).toBeGreaterThanOrEqual(y.clean + NODE_HEIGHT);
    const x = Object.fromEntries(nodes.map(n => [n.id, n.position.x]));
    expect(x.clean).not.toBe(x.features);
  });

  it('uses the saved layout when every step has a position', () => {
    const saved = compileResult(diamond.steps, diamond.edges, {
      layout: {
        load: { x: 10, y: 20 },
        clean: { x: 30, y: 40 },
        features: { x: 50, y: 60 },
        train: { x: 70, y: 80 }
      }
    });
    const { nodes } = buildGraph(saved);
    expect(nodes.map(n => n.position)).toEqual([
      { x: 10, y: 20 },
      { x: 30, y: 40 },
      { x: 50, y: 60 },
      { x: 70, y: 80 }
    ]);
  });

  it('keeps saved positions and lays out the steps that have none', () => {
    const positions = layoutSteps(diamond, {
      load: { x: 500, y: 500 }
    });
    expect(positions.get('load')).toEqual({ x: 500, y: 500 });
    expect(positions.get('train')).not.toEqual({ x: 0, y: 0 });
  });

  it('ignores malformed saved positions', () => {
    const positions = layoutSteps(diamond, {
      load: { x: 'a', y: 1 } as unknown as { x: number; y: number }
    });
    expect(Number.isFinite(positions.get('load')!.x)).toBe(true);
  });

  it('has a structure key that ignores statuses but not edges', () => {
    const other = compileResult(diamond.steps, diamond.edges.slice(1));
    expect(structureKey(diamond)).toBe(
      structureKey(compileResult(diamond.steps, diamond.edges))
    );
    expect(structureKey(other)).not.toBe(structureKey(diamond));
  });

  it('lays out 250 steps quickly', () => {
    const steps = Array.from({ length: 250 }, (_, i) =>
      compiledStep(`step-${i}`)
    );
    const edges = steps
      .slice(1)
      .flatMap((s, i) => [
        edge(`step-${Math.floor(i / 2)}`, s.name, ['x']),
        ...(i % 7 === 0 ? [edge(`step-${i}`, s.name, [], true)] : [])
      ]);
    const big = compileResult(steps, edges);
    const started = performance.now();
    const { nodes } = buildGraph(big);
    const took = performance.now() - started;
    expect(nodes).toHaveLength(250);
    expect(
      new Set(nodes.map(n => `${n.position.x},${n.position.y}`)).size
    ).toBe(250);
    expect(took).toBeLessThan(2000);
  });
});

describe('large graphs', () => {
  it('draws edges without labels when there are too many to read', () => {
    const steps = Array.from({ length: MAX_LABELLED_EDGES + 2 }, (_, i) =>
      compiledStep(`s${i}`)
    );
    const edges = steps.slice(1).map((s, i) => edge(`s${i}`, s.name, ['v']));
    const { edges: drawn } = buildGraph(compileResult(steps, edges));
    expect(drawn).toHaveLength(MAX_LABELLED_EDGES + 1);
    expect(drawn.every(e => e.label === undefined)).toBe(true);
    expect(drawn[0].data).toMatchObject({ variables: ['v'], explicit: false });
  });
});
