/* global console, performance, process, URL -- a Node script; the root ESLint config is for the browser */
// Graph layout for the pipeline graph (issue 15): dagre against ELK's layered
// layout on generated pipelines of 20, 100 and 200 steps with fan-out (hub
// steps many later steps read) and fan-in (joins of 3-6 steps), and labels of
// 1-4 variables. For each variant, the median layout time (CPU and wall) of RUNS (3) and what
// makes the drawing hard to read (src/graph/layoutQuality.ts):
//  - crossings: (edge, step) pairs where an edge passes through a step it does not join;
//  - label overlaps: pairs of labels over each other; labels on steps;
//  - edges under labels: an edge running under another edge's label.
// Variants:
//  - today: dagre positions, React Flow's Bézier edges between the handles, labels at their middles;
//  - dagre points: dagre with room for labels, its edge points as a polyline;
//  - dagre banded: what Cellpipe draws (src/graph/layout.ts, route.ts): dagre's
//    points, straight through each rank, bends only between ranks;
//  - elk orthogonal / elk splines: elkjs layered, edge labels placed CENTER.
// Run: node bench/graphLayout.mjs  (Node 24: .venv/bin first on PATH).
// CELLPIPE_BENCH_ELKJS=/path/to/node_modules/elkjs measures another elkjs.
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.RUNS ?? 3);
const SIZES = [20, 100, 200];
const require = createRequire(join(ROOT, 'package.json'));

/** Cellpipe's graph code, bundled by the server's esbuild into a temporary module. */
async function loadGraphCode() {
  const esbuild = createRequire(join(ROOT, 'server', 'package.json'))(
    'esbuild'
  );
  const dir = mkdtempSync(join(tmpdir(), 'cellpipe-bench-graph-'));
  const outfile = join(dir, 'graph.mjs');
  await esbuild.build({
    stdin: {
      contents: `export * from './src/graph/layout';
        export * from './src/graph/route';
        export * from './src/graph/layoutQuality';
        export * from './src/graph/edgeLabel';`,
      resolveDir: ROOT,
      loader: 'ts'
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'error'
  });
  const code = await import(pathToFileURL(outfile).href);
  rmSync(dir, { recursive: true, force: true });
  return code;
}

function loadElk() {
  const root = process.env.CELLPIPE_BENCH_ELKJS;
  const from = root ? createRequire(join(root, 'package.json')) : require;
  const version = JSON.parse(
    readFileSync(from.resolve('elkjs/package.json'), 'utf8')
  ).version;
  const ELK = from('elkjs/lib/elk.bundled.js');
  return { elk: new ELK(), version };
}

/** A seeded generator (mulberry32), so every variant lays out the same pipelines. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = [
  'df',
  'X_train',
  'y_train',
  'X_test',
  'y_test',
  'model',
  'features',
  'scaler',
  'encoder',
  'metrics',
  'predictions',
  'embeddings',
  'lookup',
  'config',
  'vocab',
  'history'
];

/** A pipeline of `n` steps as a notebook grows one: chains, hubs, joins. */
export function generatePipeline(n, seed = n) {
  const rand = random(seed);
  const pick = list => list[Math.floor(rand() * list.length)];
  const steps = Array.from({ length: n }, (_, i) => ({ name: `step_${i}` }));
  const hubs = [0];
  const edges = new Map();
  const add = (from, to) => {
    const key = `${from}->${to}`;
    if (from !== to && !edges.has(key)) {
      const count = 1 + Math.floor(rand() * 4);
      const variables = Array.from({ length: count }, () => pick(NAMES));
      const changed = rand() < 0.15 ? [variables[0]] : [];
      edges.set(key, {
        from: `step_${from}`,
        to: `step_${to}`,
        variables: [...new Set(variables)],
        changed
      });
    }
  };
  for (let i = 1; i < n; i++) {
    const recent = Math.max(0, i - 8);
    const from = () => recent + Math.floor(rand() * (i - recent));
    if (i % 10 === 0) {
      const fanIn = 3 + Math.floor(rand() * 4);
      for (let k = 0; k < fanIn; k++) add(from(), i);
    } else {
      add(rand() < 0.6 ? i - 1 : from(), i);
      if (rand() < 0.35) add(from(), i);
    }
    if (rand() < 0.3) add(pick(hubs), i);
    if (i % 15 === 0) hubs.push(i);
  }
  return { steps, edges: [...edges.values()] };
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Median CPU time (user + system of this process) and wall time of `runs`
 * layouts: on a shared machine the wall time includes waiting for a core,
 * the CPU time is what the layout costs.
 */
async function timed(runs, layout) {
  const cpu = [];
  const wall = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const before = process.cpuUsage();
    result = await layout();
    const used = process.cpuUsage(before);
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  return { cpu: median(cpu), wall: median(wall), result };
}

function labelBox(g, edge, center) {
  const text = g.edgeLabel(edge.variables, edge.changed);
  if (!text || !center) return null;
  const { width, height } = g.labelSize(text);
  return { x: center.x - width / 2, y: center.y - height / 2, width, height };
}

function stepBoxes(g, positions) {
  return new Map(
    [...positions].map(([name, p]) => [
      name,
      { ...p, width: g.NODE_WIDTH, height: g.NODE_HEIGHT }
    ])
  );
}

const handles = (g, boxes, edge) => {
  const s = boxes.get(edge.from);
  const t = boxes.get(edge.to);
  return [
    { x: s.x + s.width / 2, y: s.y + s.height },
    { x: t.x + t.width / 2, y: t.y }
  ];
};

/** React Flow's Bézier edge (curvature 0.25) from a bottom handle to a top one. */
function bezier(g, source, target) {
  const distance = target.y - source.y;
  const offset =
    distance >= 0 ? 0.5 * distance : 0.25 * 25 * Math.sqrt(-distance);
  const c1 = { x: source.x, y: source.y + offset };
  const c2 = { x: target.x, y: target.y - offset };
  const line = [source, ...g.cubic(source, c1, c2, target, 24)];
  const middle = {
    x: 0.125 * source.x + 0.375 * c1.x + 0.375 * c2.x + 0.125 * target.x,
    y: 0.125 * source.y + 0.375 * c1.y + 0.375 * c2.y + 0.125 * target.y
  };
  return { line, middle };
}

/** Today: dagre positions without room for labels, Bézier edges. */
function today(g, input) {
  const positions = g.computeLayout(input, false);
  const boxes = stepBoxes(g, positions);
  const drawn = input.edges.map(edge => {
    const [s, t] = handles(g, boxes, edge);
    const { line, middle } = bezier(g, s, t);
    return { ...edge, line, label: labelBox(g, edge, middle) };
  });
  return { boxes, drawn };
}

/** Dagre with room for labels, its points joined by straight lines. */
function dagrePoints(g, input, dagre) {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'TB', nodesep: 32, edgesep: 16, ranksep: 64 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const { name } of input.steps) {
    graph.setNode(name, { width: g.NODE_WIDTH, height: g.NODE_HEIGHT });
  }
  for (const edge of input.edges) {
    const text = g.edgeLabel(edge.variables, edge.changed);
    graph.setEdge(edge.from, edge.to, { ...g.labelSize(text), labelpos: 'c' });
  }
  dagre.layout(graph);
  const boxes = new Map(
    input.steps.map(({ name }) => {
      const n = graph.node(name);
      const box = { x: n.x - n.width / 2, y: n.y - n.height / 2 };
      return [name, { ...box, width: n.width, height: n.height }];
    })
  );
  const drawn = input.edges.map(edge => {
    const e = graph.edge(edge.from, edge.to);
    return { ...edge, line: e.points, label: labelBox(g, edge, e) };
  });
  return { boxes, drawn };
}

/** What Cellpipe draws: src/graph's layout and routes. */
function banded(g, input) {
  const layout = g.computeLayout(input, true);
  const boxes = stepBoxes(g, layout);
  const drawn = input.edges.map(edge => {
    const route = layout.routes.get(g.edgeId(edge.from, edge.to));
    const [s, t] = handles(g, boxes, edge);
    const line = g.routePolyline(s, route.points, t);
    return { ...edge, line, label: labelBox(g, edge, route.label) };
  });
  return { boxes, drawn };
}

async function elkLayout(g, input, elk, routing) {
  const graph = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.edgeRouting': routing,
      'elk.spacing.nodeNode': '32',
      'elk.layered.spacing.nodeNodeBetweenLayers': '64',
      'elk.spacing.edgeNode': '16',
      'elk.spacing.edgeEdge': '10',
      'elk.spacing.edgeLabel': '4',
      'elk.edgeLabels.placement': 'CENTER'
    },
    children: input.steps.map(({ name }) => ({
      id: name,
      width: g.NODE_WIDTH,
      height: g.NODE_HEIGHT
    })),
    edges: input.edges.map((edge, i) => {
      const text = g.edgeLabel(edge.variables, edge.changed);
      return {
        id: `e${i}`,
        sources: [edge.from],
        targets: [edge.to],
        labels: [{ text, ...g.labelSize(text) }]
      };
    })
  };
  const out = await elk.layout(graph);
  const boxes = new Map(out.children.map(c => [c.id, c]));
  const drawn = out.edges.map((e, i) => {
    const edge = input.edges[i];
    const line = e.sections.flatMap(s => sectionLine(g, s, routing));
    const l = e.labels?.[0];
    const label =
      l && l.x !== undefined
        ? { x: l.x, y: l.y, width: l.width, height: l.height }
        : null;
    return { ...edge, line, label };
  });
  return { boxes, drawn };
}

/** An ELK section as a polyline; spline sections are chains of cubic curves. */
function sectionLine(g, section, routing) {
  const points = [
    section.startPoint,
    ...(section.bendPoints ?? []),
    section.endPoint
  ];
  if (routing !== 'SPLINES' || (points.length - 1) % 3 !== 0) return points;
  const line = [points[0]];
  for (let i = 0; i + 3 < points.length; i += 3) {
    line.push(
      ...g.cubic(points[i], points[i + 1], points[i + 2], points[i + 3], 16)
    );
  }
  return line;
}

function row(size, name, { cpu, wall }, { boxes, drawn }, g) {
  const q = g.layoutQuality(boxes, drawn);
  const cells = [
    String(size).padStart(5),
    String(drawn.length).padStart(5),
    name.padEnd(16),
    cpu.toFixed(0).padStart(6),
    wall.toFixed(0).padStart(7),
    String(q.edgeNodeCrossings).padStart(9),
    String(q.labelOverlaps).padStart(14),
    String(q.labelsOnNodes).padStart(14),
    String(q.edgesUnderLabels).padStart(12)
  ];
  console.log(cells.join('  '));
}

async function main() {
  const g = await loadGraphCode();
  const dagre = require('@dagrejs/dagre');
  const { elk, version } = loadElk();
  const dagreVersion = JSON.parse(
    readFileSync(require.resolve('@dagrejs/dagre/package.json'), 'utf8')
  ).version;
  console.log(
    `Graph layout, median of ${RUNS} on Node ${process.versions.node} (dagre ${dagreVersion}, elkjs ${version}); labels on every edge`
  );
  console.log(
    'steps  edges  variant           cpu ms  wall ms  crossings  label overlaps  labels on steps  edges under labels'
  );
  for (const size of SIZES) {
    const input = generatePipeline(size);
    const variants = [
      ['today', () => today(g, input)],
      ['dagre points', () => dagrePoints(g, input, dagre)],
      ['dagre banded', () => banded(g, input)],
      ['elk orthogonal', () => elkLayout(g, input, elk, 'ORTHOGONAL')],
      ['elk splines', () => elkLayout(g, input, elk, 'SPLINES')]
    ];
    for (const [name, layout] of variants) {
      await layout(); // warm up (JIT, ELK's first call)
      const { result, ...times } = await timed(RUNS, layout);
      row(size, name, times, result, g);
    }
  }
}

await main();
