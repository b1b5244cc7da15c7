import * as React from 'react';

import type { CellpipeApi } from '../api/CellpipeApi';
import type { EventSocket } from '../api/EventSocket';
import type { ICompileResult } from '../api/wire';
import { PipelineGraph } from '../graph/PipelineGraph';
import type { NotebookPipeline } from '../model/NotebookPipeline';
import type { IPanelActions } from './actions';
import { ParametersSection } from './ParametersSection';
import { panelProblems } from './problems';
import { ProblemsSection } from './ProblemsSection';
import { RunControls } from './RunControls';
import { RunsSection } from './RunsSection';
import { Section } from './Section';
import { StepProperties } from './StepProperties';
import { usePipelineGraph } from './usePipelineGraph';
import { useRuns } from './useRuns';
import { useSignal } from './useSignal';

export interface IPipelineSectionsProps {
  pipeline: NotebookPipeline;
  api: CellpipeApi;
  socket: EventSocket;
  actions: IPanelActions;
  connected: boolean;
}

/** Everything the panel shows about one notebook's pipeline. */
export function PipelineSections(props: IPipelineSectionsProps): JSX.Element {
  const { pipeline, actions, connected } = props;
  useSignal(pipeline.changed);
  const [selected, setSelected] = React.useState<string | null>(null);
  const compile = pipeline.compile;
  const run = pipeline.activeRun?.record ?? null;
  const runProblems = pipeline.runProblems;
  const problems = React.useMemo(
    () => panelProblems(compile, runProblems),
    [compile, runProblems]
  );
  const { graph, fitKey } = usePipelineGraph(compile, run, problems);
  const runs = useRuns(props.api, props.socket, pipeline.path, connected);
  React.useEffect(() => {
    if (connected && (pipeline.error || !pipeline.compile)) {
      void pipeline.recompile();
    }
  }, [connected, pipeline]);

  const step = compile?.steps.find(s => s.name === selected) ?? null;
  const onSelect = (name: string) => {
    setSelected(name);
    const found = compile?.steps.find(s => s.name === name);
    if (found) {
      actions.selectStep(pipeline, found);
    }
  };
  return (
    <div className="jp-cellpipe-PipelineSections" data-path={pipeline.path}>
      <div className="jp-cellpipe-PipelineSections-title" title={pipeline.path}>
        {compile?.name ?? pipeline.path}
      </div>
      <RunControls
        run={run}
        onAction={action => actions.runAction(pipeline, action)}
        onOpenRun={id => actions.openRun(pipeline, id)}
      />
      {pipeline.error ? (
        <p className="jp-cellpipe-Error">
          Could not compile the pipeline: {pipeline.error}
        </p>
      ) : null}
      <Section title="Graph" badge={compile ? compile.steps.length : undefined}>
        {graph && graph.nodes.length > 0 ? (
          <PipelineGraph
            graph={graph}
            label={`Pipeline graph of ${pipeline.path}`}
            selected={selected}
            onSelect={onSelect}
            onMoveStep={(name, position) =>
              actions.moveStep(pipeline, name, position)
            }
            fitKey={`${pipeline.path}\u0000${fitKey}`}
          />
        ) : (
          <EmptyGraph compile={compile} />
        )}
      </Section>
      {step ? (
        <Section
          title={`Step “${step.name}”`}
          className="jp-cellpipe-StepSection"
        >
          <StepProperties
            step={step}
            own={actions.readStepProperties(pipeline, step.name)}
            problems={problems}
            onChange={patch =>
              actions.setStepProperties(pipeline, step.name, patch)
            }
            onShowCells={() => actions.selectStep(pipeline, step)}
          />
        </Section>
      ) : null}
      <Section title="Parameters" badge={compile?.parameters.length}>
        <ParametersSection
          parameters={compile?.parameters ?? []}
          problems={problems}
          onChange={(name, text) => actions.setParameter(pipeline, name, text)}
        />
      </Section>
      <Section
        title="Problems"
        badge={problems.length}
        className="jp-cellpipe-ProblemsSection"
      >
        <ProblemsSection
          problems={problems}
          onSelect={p => actions.selectProblem(pipeline, p)}
        />
      </Section>
      <Section title="Runs" badge={runs.runs.length}>
        <RunsSection
          runs={runs.runs}
          activeId={pipeline.activeRun?.runId ?? null}
          error={runs.error}
          onOpen={id => actions.openRun(pipeline, id)}
        />
      </Section>
    </div>
  );
}

function EmptyGraph({ compile }: { compile: ICompileResult | null }) {
  return (
    <p className="jp-cellpipe-Muted">
      {compile
        ? 'No steps yet. Right-click a code cell and choose “Make pipeline step…”.'
        : 'Compiling…'}
    </p>
  );
}
