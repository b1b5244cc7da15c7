import dagre, { type Graph } from '@dagrejs/dagre';

import { edgeLabel, labelSize, MAX_LABELLED_EDGES } from './edgeLabel';
import { bandKey, IBox, IEdgeRoute, routeEdge } from './route';

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
  edges: readonly ILayoutEdge[];
}

/** An edge; its variables make its label, which the layout gives room. */
export interface ILayoutEdge {
  from: string;
  to: string;
  variables?: readonly string[];
  changed?: readonly string[];
}

/**
 * Top-left positions of the steps by name, and the routes of the edges the
 * layout placed (by edge id): an edge whose ends were not both placed by
 * the layout (a step dragged elsewhere) has no route and is drawn straight.
 */
export class StepLayout extends Map<string, IPoint> {
  readonly routes = new Map<string, IEdgeRoute>();
}

/** The id of the edge from one step to another, in the graph and the layout. */
export function edgeId(from: string, to: string): string {
  return `${from}->${to}`;
}

/** A key that changes only when the steps, edges or labels change (not their statuses). */
export function structureKey(input: ILayoutInput): string {
  const steps = input.steps.map(s => s.name).join('\u0001');
  const edges = input.edges
    .map(e => `${e.from}\u0002${e.to}\u0002${labelOf(e)}`)
    .join('\u0001');
  return `${steps}\u0000${edges}`;
}

/**
 * Where every step goes, top to bottom: a saved position when `saved` has
 * one, else where dagre puts it; dagre runs only when some step has no saved
 * position. Edges between steps dagre placed follow dagre's routes, around
 * the other steps and labels. Edges to unknown steps are ignored (the server
 * reports them as problems).
 */
export function layoutSteps(
  input: ILayoutInput,
  saved: Readonly<Record<string, IPoint>> = {}
): StepLayout {
  const layout = new StepLayout();
  const missing = input.steps.filter(s => !isPoint(saved[s.name]));
  const computed =
    missing.length > 0
      ? timed(() => computeLayout(input, labelled(input)))
      : new StepLayout();
  for (const { name } of input.steps) {
    const point = isPoint(saved[name]) ? saved[name] : computed.get(name);
    layout.set(name, point ?? { x: 0, y: 0 });
  }
  for (const edge of input.edges) {
    const route = computed.routes.get(edgeId(edge.from, edge.to));
    if (route && !isPoint(saved[edge.from]) && !isPoint(saved[edge.to])) {
      layout.routes.set(edgeId(edge.from, edge.to), route);
    }
  }
  return layout;
}

/** Labels are drawn, and given room, only on graphs of few enough edges. */
function labelled(input: ILayoutInput): boolean {
  return knownEdges(input).length <= MAX_LABELLED_EDGES;
}

function knownEdges(input: ILayoutInput): ILayoutEdge[] {
  const names = new Set(input.steps.map(s => s.name));
  return input.edges.filter(
    e => names.has(e.from) && names.has(e.to) && e.from !== e.to
  );
}

function labelOf(edge: ILayoutEdge): string {
  return edgeLabel(edge.variables ?? [], edge.changed ?? []);
}

/**
 * Dagre's layout of every step and the routes of the edges, with room for
 * the labels when `withLabels` (`layoutSteps` decides by the number of edges).
 */
export function computeLayout(
  input: ILayoutInput,
  withLabels: boolean
): StepLayout {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'TB', nodesep: 32, edgesep: 16, ranksep: 64 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const { name } of input.steps) {
    graph.setNode(name, { width: NODE_WIDTH, height: NODE_HEIGHT });
  }
  for (const edge of knownEdges(input)) {
    const text = withLabels ? labelOf(edge) : '';
    const room = text ? labelSize(text) : { width: 0, height: 0 };
    graph.setEdge(edge.from, edge.to, { ...room, labelpos: 'c' });
  }
  dagre.layout(graph);
  const layout = new StepLayout();
  const boxes = new Map<string, IBox>();
  for (const { name } of input.steps) {
    const node = graph.node(name);
    const x = Math.round(node.x - NODE_WIDTH / 2);
    const y = Math.round(node.y - NODE_HEIGHT / 2);
    layout.set(name, { x, y });
    boxes.set(name, { x, y, width: NODE_WIDTH, height: NODE_HEIGHT });
  }
  addRoutes(graph, boxes, layout.routes);
  return layout;
}

/** Each edge's route through its dummy points, around every box. */
function addRoutes(
  graph: Graph,
  boxes: ReadonlyMap<string, IBox>,
  routes: Map<string, IEdgeRoute>
): void {
  const bands = new Map<number, number>();
  const widen = (y: number, half: number) =>
    bands.set(bandKey(y), Math.max(bands.get(bandKey(y)) ?? 0, half));
  for (const box of boxes.values()) {
    widen(box.y + box.height / 2, box.height / 2);
  }
  for (const e of graph.edges()) {
    const edge = graph.edge(e);
    if (edge.width > 0) {
      widen(edge.y, edge.height / 2);
    }
  }
  for (const e of graph.edges()) {
    const edge = graph.edge(e);
    const through = (edge.points ?? []).slice(1, -1);
    const points = routeEdge(boxes.get(e.v)!, boxes.get(e.w)!, through, bands);
    if (points) {
      const label = edge.width > 0 ? { x: edge.x, y: edge.y } : null;
      routes.set(edgeId(e.v, e.w), { points, label });
    }
  }
}

/**
 * Runs the layout as the User Timing measure `cellpipe:graph-layout`, which
 * the graph benchmark (ui-tests/bench/graphFigures.bench.ts) reads in the page.
 */
function timed(layout: () => StepLayout): StepLayout {
  const start = performance.now();
  const result = layout();
  try {
    performance.measure('cellpipe:graph-layout', { start });
  } catch {
    // No User Timing level 3 here (an old test environment): nothing to record.
  }
  return result;
}

function isPoint(value: unknown): value is IPoint {
  return (
    typeof value === 'object' &&
    value !== null &&
    Number.isFinite((value as IPoint).x) &&
    Number.isFinite((value as IPoint).y)
  );
}
