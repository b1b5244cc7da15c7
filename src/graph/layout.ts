import dagre from '@dagrejs/dagre';

/** Size of a step node, in graph units (the node component is drawn at this size). */
export const NODE_WIDTH = 188;
export const NODE_HEIGHT = 56;

export interface IPoint {
  x: number;
  y: number;
}

/** What the layout needs to know of a pipeline: step names and edges. */
export interface ILayoutInput {
  steps: readonly { name: string }[];
  edges: readonly { from: string; to: string }[];
}

/** A key that changes only when the steps or edges change (not their statuses). */
export function structureKey(input: ILayoutInput): string {
  const steps = input.steps.map(s => s.name).join('\u0001');
  const edges = input.edges.map(e => `${e.from}\u0002${e.to}`).join('\u0001');
  return `${steps}\u0000${edges}`;
}

/**
 * Top-left positions of every step, top to bottom: a saved position when
 * `saved` has one, else where dagre puts it. Dagre runs only when some step
 * has no saved position. Edges to unknown steps are ignored (the server
 * reports them as problems).
 */
export function layoutSteps(
  input: ILayoutInput,
  saved: Readonly<Record<string, IPoint>> = {}
): Map<string, IPoint> {
  const positions = new Map<string, IPoint>();
  const missing = input.steps.filter(s => !isPoint(saved[s.name]));
  const computed = missing.length > 0 ? dagreLayout(input) : new Map();
  for (const { name } of input.steps) {
    const point = isPoint(saved[name]) ? saved[name] : computed.get(name);
    positions.set(name, point ?? { x: 0, y: 0 });
  }
  return positions;
}

function dagreLayout(input: ILayoutInput): Map<string, IPoint> {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'TB', nodesep: 32, ranksep: 56, marginx: 8 });
  graph.setDefaultEdgeLabel(() => ({}));
  const names = new Set(input.steps.map(s => s.name));
  for (const name of names) {
    graph.setNode(name, { width: NODE_WIDTH, height: NODE_HEIGHT });
  }
  for (const edge of input.edges) {
    if (names.has(edge.from) && names.has(edge.to) && edge.from !== edge.to) {
      graph.setEdge(edge.from, edge.to);
    }
  }
  dagre.layout(graph);
  const positions = new Map<string, IPoint>();
  for (const name of names) {
    const node = graph.node(name);
    positions.set(name, {
      x: Math.round(node.x - NODE_WIDTH / 2),
      y: Math.round(node.y - NODE_HEIGHT / 2)
    });
  }
  return positions;
}

function isPoint(value: unknown): value is IPoint {
  return (
    typeof value === 'object' &&
    value !== null &&
    Number.isFinite((value as IPoint).x) &&
    Number.isFinite((value as IPoint).y)
  );
}
