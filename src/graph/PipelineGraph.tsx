import {
  Background,
  Controls,
  EdgeTypes,
  type FitViewOptions,
  MiniMap,
  NodeTypes,
  ReactFlow,
  useNodesState,
  useReactFlow
} from '@xyflow/react';
import * as React from 'react';

import type { IPipelineGraph, StepNode } from './buildGraph';
import type { IPoint } from './layout';
import { mergeNodes } from './mergeNodes';
import { RoutedEdgeView } from './RoutedEdge';
import { StepNodeView } from './StepNode';

const NODE_TYPES: NodeTypes = { step: StepNodeView };
const EDGE_TYPES: EdgeTypes = { routed: RoutedEdgeView };

/**
 * Each graph gets its own React Flow id: arrowheads are SVG markers found by
 * id in the whole page, and with React Flow's default id every graph's edges
 * pointed at the first graph's markers, which a hidden sidebar does not draw.
 */
let graphCount = 0;

/** Graphs above this many steps draw only what is in view. */
const LARGE_GRAPH = 80;

export interface IPipelineGraphProps {
  graph: IPipelineGraph;
  /** Accessible name of the graph, e.g. "Pipeline of train.ipynb". */
  label: string;
  selected?: string | null;
  /** A step was clicked, or Enter was pressed on it. */
  onSelect?: (step: string) => void;
  /** Given: steps can be dragged, and this saves where one was dropped. */
  onMoveStep?: (step: string, position: IPoint) => void;
  /** The view fits the graph again whenever this changes (new structure). */
  fitKey?: string;
  minimap?: boolean;
}

/**
 * The pipeline as a React Flow graph: fit to view, zoom and pan, nodes
 * focusable with Tab; Enter or a click selects a step.
 */
export function PipelineGraph(props: IPipelineGraphProps): JSX.Element {
  const { graph, selected = null, onSelect, onMoveStep } = props;
  const box = React.useRef<HTMLDivElement>(null);
  const [flowId] = React.useState(
    () => `jp-cellpipe-GraphFlow-${++graphCount}`
  );
  const [nodes, setNodes, onNodesChange] = useNodesState<StepNode>(
    mergeNodes(graph.nodes, [], selected)
  );
  React.useEffect(() => {
    setNodes(previous => mergeNodes(graph.nodes, previous, selected));
  }, [graph.nodes, selected, setNodes]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key !== 'Enter' || !onSelect) {
      return;
    }
    const node = (event.target as HTMLElement).closest('[data-id]');
    const id = node?.getAttribute('data-id');
    if (id && graph.nodes.some(n => n.id === id)) {
      onSelect(id);
    }
  };

  return (
    <div
      ref={box}
      className="jp-cellpipe-Graph"
      role="figure"
      aria-label={props.label}
      onKeyDown={onKeyDown}
    >
      <ReactFlow<StepNode>
        id={flowId}
        className="jp-cellpipe-Graph-flow"
        nodes={nodes}
        edges={graph.edges}
        nodeTypes={NODE_TYPES}
        edgeTypes={EDGE_TYPES}
        onNodesChange={onNodesChange}
        onNodeClick={(_, node) => onSelect?.(node.id)}
        onNodeDragStop={(_, node) => onMoveStep?.(node.id, node.position)}
        nodesDraggable={onMoveStep !== undefined}
        nodesConnectable={false}
        edgesFocusable={false}
        deleteKeyCode={null}
        selectionKeyCode={null}
        multiSelectionKeyCode={null}
        fitView
        fitViewOptions={FIT_OPTIONS}
        minZoom={0.05}
        maxZoom={2}
        onlyRenderVisibleElements={graph.nodes.length > LARGE_GRAPH}
        ariaLabelConfig={ARIA_LABELS}
      >
        <Background gap={16} size={1} />
        <Controls
          showInteractive={false}
          orientation="horizontal"
          position="bottom-left"
        />
        {props.minimap ? (
          <MiniMap className="jp-cellpipe-Graph-minimap" pannable zoomable />
        ) : null}
        <AutoFit fitKey={props.fitKey} box={box} />
      </ReactFlow>
    </div>
  );
}

// Room at the bottom for the zoom buttons, so they never sit on the last step.
const FIT_OPTIONS: FitViewOptions = {
  padding: { top: '16px', right: '16px', bottom: '52px', left: '16px' },
  maxZoom: 1.1
};

const ARIA_LABELS = {
  'node.a11yDescription.default':
    'Press Enter to select the step, its cells and its properties.',
  'node.a11yDescription.keyboardDisabled':
    'Press Enter to select the step, its cells and its properties.'
};

/**
 * Fits the view again when the structure changes (`fitKey`) and when the
 * graph's box is resized (a sidebar drawn hidden first has no size at all).
 */
function AutoFit(props: {
  fitKey?: string;
  box: React.RefObject<HTMLDivElement>;
}): null {
  const flow = useReactFlow();
  React.useEffect(() => {
    let frame = 0;
    const fit = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => void flow.fitView(FIT_OPTIONS));
    };
    fit();
    const element = props.box.current;
    const observer = new ResizeObserver(entries => {
      const { width, height } = entries[0].contentRect;
      if (width > 0 && height > 0) {
        fit();
      }
    });
    if (element) {
      observer.observe(element);
    }
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [props.fitKey, props.box, flow]);
  return null;
}
