import type { Edge, MarkerType, Node } from '@xyflow/react';

import type {
  IEdge,
  IProblem,
  IRunRecord,
  IStepRecord,
  StepStatus
} from '../tokens';
import { edgeLabel, MAX_LABELLED_EDGES } from './edgeLabel';
import {
  edgeId,
  IPoint,
  layoutSteps,
  NODE_HEIGHT,
  NODE_WIDTH,
  StepLayout
} from './layout';
import type { IEdgeRoute } from './route';

/** What a step node shows. */
export interface IStepNodeData extends Record<string, unknown> {
  name: string;
  /** The step's status in the run shown, or null when no run is shown. */
  status: StepStatus | null;
  durationMs: number | null;
  startedAt: string | null;
  cellCount: number;
  problems: IProblem[];
  /** Why it ended as it did ("timed out after 30 s", the error message). */
  reason: string | null;
}

export type StepNode = Node<IStepNodeData, 'step'>;

export interface IEdgeData extends Record<string, unknown> {
  variables: string[];
  explicit: boolean;
  /** Where the layout routed the edge, around the steps; none: drawn straight. */
  route: IEdgeRoute | null;
}

export type StepEdge = Edge<IEdgeData>;

export interface IPipelineGraph {
  nodes: StepNode[];
  edges: StepEdge[];
}

/** The part of a compile result (or of a run record) a graph is drawn from. */
export interface IGraphSource {
  steps: readonly { name: string; cells: readonly unknown[] }[];
  edges: readonly IEdge[];
  layout?: Readonly<Record<string, IPoint>>;
}

export { edgeLabel, MAX_LABELLED_EDGES } from './edgeLabel';

/**
 * React Flow nodes and edges for a pipeline: one node per step (with its
 * status in `run`, when given, and its problems), one edge per dependency
 * labelled with the variables it passes, along the layout's route when
 * `positions` has one; explicit edges are dashed. `positions` lets a caller
 * reuse a layout computed for the same structure.
 */
export function buildGraph(
  source: IGraphSource,
  run: IRunRecord | null = null,
  problems: readonly IProblem[] = [],
  positions: Map<string, IPoint> = layoutSteps(source, source.layout)
): IPipelineGraph {
  const records = new Map<string, IStepRecord>(
    (run?.steps ?? []).map(s => [s.name, s])
  );
  const byStep = problemsByStep(problems);
  const nodes = source.steps.map((step): StepNode => ({
    id: step.name,
    type: 'step',
    position: positions.get(step.name) ?? { x: 0, y: 0 },
    width: NODE_WIDTH,
    height: NODE_HEIGHT,
    data: nodeData(step, records.get(step.name), byStep.get(step.name))
  }));
  const names = new Set(source.steps.map(s => s.name));
  const kept = source.edges.filter(e => names.has(e.from) && names.has(e.to));
  const labelled = kept.length <= MAX_LABELLED_EDGES;
  const routes = positions instanceof StepLayout ? positions.routes : null;
  const edges = kept.map(e =>
    edgeOf(
      e,
      records.get(e.to)?.status ?? null,
      labelled,
      routes?.get(edgeId(e.from, e.to)) ?? null
    )
  );
  return { nodes, edges };
}

function nodeData(
  step: { name: string; cells: readonly unknown[] },
  record: IStepRecord | undefined,
  problems: IProblem[] = []
): IStepNodeData {
  return {
    name: step.name,
    status: record?.status ?? null,
    durationMs: record?.durationMs ?? null,
    startedAt: record?.startedAt ?? null,
    cellCount: step.cells.length,
    problems,
    reason: record?.error?.message ?? record?.reason ?? null
  };
}

function edgeOf(
  edge: IEdge,
  target: StepStatus | null,
  labelled: boolean,
  route: IEdgeRoute | null
): StepEdge {
  const classes = ['jp-cellpipe-GraphEdge'];
  if (edge.explicit) {
    classes.push('jp-cellpipe-GraphEdge-explicit');
  }
  if (target === 'running') {
    classes.push('jp-cellpipe-GraphEdge-active');
  }
  return {
    id: edgeId(edge.from, edge.to),
    type: 'routed',
    source: edge.from,
    target: edge.to,
    label: labelled ? edgeLabel(edge.variables, edge.changed) : undefined,
    className: classes.join(' '),
    markerEnd: { type: 'arrowclosed' as MarkerType },
    data: { variables: [...edge.variables], explicit: edge.explicit, route }
  };
}

/** Problems grouped by the step they name (problems of no step are left out). */
export function problemsByStep(
  problems: readonly IProblem[]
): Map<string, IProblem[]> {
  const groups = new Map<string, IProblem[]>();
  for (const problem of problems) {
    if (problem.step) {
      groups.set(problem.step, [...(groups.get(problem.step) ?? []), problem]);
    }
  }
  return groups;
}

/** A run's steps in its order (topological, notebook order among equals). */
export function stepsInOrder(run: IRunRecord): IStepRecord[] {
  const order = new Map(run.order.map((name, i) => [name, i]));
  return [...run.steps].sort(
    (a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0)
  );
}

/** A run record as a graph source (no saved layout: dagre places the steps). */
export function runAsSource(run: IRunRecord): IGraphSource {
  return { steps: stepsInOrder(run), edges: run.edges };
}
