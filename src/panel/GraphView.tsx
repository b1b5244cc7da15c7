import { MainAreaWidget } from '@jupyterlab/apputils';
import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';

import { PipelineGraph } from '../graph/PipelineGraph';
import type { NotebookPipeline } from '../pipelines/NotebookPipeline';
import { pipelineIcon } from '../ui/icons';
import { useSignal } from '../ui/useSignal';
import type { IPanelActions } from './actions';
import { panelProblems } from './problems';
import { usePipelineGraph } from './usePipelineGraph';

/** The pipeline graph of one notebook, large, with a minimap: live like the panel's compact one. */
function LargeGraph(props: {
  pipeline: NotebookPipeline;
  actions: IPanelActions;
}): JSX.Element {
  const { pipeline, actions } = props;
  useSignal(pipeline.changed);
  const compile = pipeline.compile;
  const problems = React.useMemo(
    () => panelProblems(compile, pipeline.runProblems),
    [compile, pipeline.runProblems]
  );
  const run = pipeline.activeRun?.record ?? null;
  const { graph, fitKey } = usePipelineGraph(compile, run, problems);
  const [selected, setSelected] = React.useState<string | null>(null);
  if (!graph || graph.nodes.length === 0) {
    return (
      <p className="jp-cellpipe-Muted">
        {compile ? 'No steps yet.' : 'Compiling…'}
      </p>
    );
  }
  return (
    <PipelineGraph
      graph={graph}
      label={`Pipeline graph of ${pipeline.path}`}
      selected={selected}
      onSelect={name => {
        setSelected(name);
        const step = compile?.steps.find(s => s.name === name);
        if (step) {
          actions.selectStep(pipeline, step);
        }
      }}
      onMoveStep={(name, position) =>
        actions.moveStep(pipeline, name, position)
      }
      fitKey={`${pipeline.path}\u0000${fitKey}`}
      minimap
    />
  );
}

export type GraphWidget = MainAreaWidget<ReactWidget>;

/** A main-area tab with the graph of `pipeline`, titled by its notebook; closed with it. */
export function createGraphWidget(
  pipeline: NotebookPipeline,
  actions: IPanelActions
): GraphWidget {
  const content = ReactWidget.create(
    <LargeGraph pipeline={pipeline} actions={actions} />
  );
  content.addClass('jp-cellpipe-GraphView');
  const widget = new MainAreaWidget({ content });
  widget.id = `cellpipe-graph-${pipeline.panel.id}`;
  widget.title.icon = pipelineIcon;
  widget.title.closable = true;
  const retitle = () => {
    const name = pipeline.path.split('/').pop() ?? pipeline.path;
    widget.title.label = `Graph · ${name}`;
    widget.title.caption = `Pipeline graph of ${pipeline.path}`;
  };
  retitle();
  pipeline.panel.context.pathChanged.connect(retitle);
  pipeline.panel.disposed.connect(() => widget.dispose());
  widget.disposed.connect(() =>
    pipeline.panel.context.pathChanged.disconnect(retitle)
  );
  return widget;
}
