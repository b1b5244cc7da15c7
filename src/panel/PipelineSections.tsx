import * as React from 'react';

import { PipelineGraph } from '../graph/PipelineGraph';
import type { NotebookPipeline } from '../pipelines/NotebookPipeline';
import type { ICompileResult, IProblem } from '../tokens';
import { Section } from '../ui/Section';
import { useSignal } from '../ui/useSignal';
import type { IPanelActions } from './actions';
import type { ActiveRunsModel } from './ActiveRunsModel';
import { ParametersSection } from './ParametersSection';
import { panelProblems, runBlocker } from './problems';
import { ProblemsSection } from './ProblemsSection';
import { RunControls } from './RunControls';
import { RunsSection } from './RunsSection';
import { StepProperties } from './StepProperties';
import { usePipelineGraph } from './usePipelineGraph';
import { useRuns } from './useRuns';

export interface IPipelineSectionsProps {
  pipeline: NotebookPipeline;
  /** The runs of the active notebook, which this pipeline is. */
  runs: ActiveRunsModel;
  actions: IPanelActions;
  connected: boolean;
}

/** Everything the panel shows about one notebook's pipeline. */
export function PipelineSections(props: IPipelineSectionsProps): JSX.Element {
  const { pipeline, actions, connected } = props;
  useSignal(pipeline.changed);
  const [selected, setSelected] = React.useState<string | null>(null);
  const compile = pipeline.compile;
  const runProblems = pipeline.runProblems;
  const problems = React.useMemo(
    () => panelProblems(compile, runProblems),
    [compile, runProblems]
  );
  const runs = useRuns(props.runs);
  useRecompileWhenConnected(pipeline, connected);
  const section = { pipeline, actions, compile, problems };
  return (
    <div className="jp-cellpipe-PipelineSections" data-path={pipeline.path}>
      <div className="jp-cellpipe-PipelineSections-title" title={pipeline.path}>
        {compile?.name ?? pipeline.path}
      </div>
      <RunControls
        run={pipeline.activeRun?.record ?? null}
        onAction={action => actions.runAction(pipeline, action)}
        onOpenRun={id => actions.openRun(pipeline, id)}
        blockedBy={runBlocker(problems)}
      />
      {pipeline.error ? (
        <p className="jp-cellpipe-Error">
          Could not compile the pipeline: {pipeline.error}
        </p>
      ) : null}
      <GraphSection {...section} selected={selected} onSelect={setSelected} />
      <StepSection {...section} selected={selected} />
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
          onDelete={(id, title) => actions.deleteRun(id, title)}
          onRename={(id, title) => actions.renameRun(id, title)}
          onCompare={ids => actions.compareRuns(ids)}
        />
      </Section>
    </div>
  );
}

/** What every section of one pipeline gets. */
interface ISectionProps {
  pipeline: NotebookPipeline;
  actions: IPanelActions;
  compile: ICompileResult | null;
  problems: readonly IProblem[];
}

/** The graph; a click (or Enter) on a step selects its cells and shows its properties. */
function GraphSection(
  props: ISectionProps & {
    selected: string | null;
    onSelect: (step: string) => void;
  }
): JSX.Element {
  const { pipeline, actions, compile } = props;
  const run = pipeline.activeRun?.record ?? null;
  const { graph, fitKey } = usePipelineGraph(compile, run, props.problems);
  const onSelect = (name: string) => {
    props.onSelect(name);
    const step = compile?.steps.find(s => s.name === name);
    if (step) {
      actions.selectStep(pipeline, step);
    }
  };
  return (
    <Section title="Graph" badge={compile ? compile.steps.length : undefined}>
      {graph && graph.nodes.length > 0 ? (
        <PipelineGraph
          graph={graph}
          label={`Pipeline graph of ${pipeline.path}`}
          selected={props.selected}
          onSelect={onSelect}
          onMoveStep={(name, position) =>
            actions.moveStep(pipeline, name, position)
          }
          fitKey={`${pipeline.path}\u0000${fitKey}`}
        />
      ) : (
        <p className="jp-cellpipe-Muted">
          {compile
            ? 'No steps yet. Right-click a code cell and choose “Make pipeline step…”.'
            : 'Compiling…'}
        </p>
      )}
    </Section>
  );
}

/** The properties editor of the selected step. */
function StepSection(
  props: ISectionProps & { selected: string | null }
): JSX.Element | null {
  const { pipeline, actions } = props;
  const step = props.compile?.steps.find(s => s.name === props.selected);
  if (!step) {
    return null;
  }
  return (
    <Section title={`Step “${step.name}”`} className="jp-cellpipe-StepSection">
      <StepProperties
        step={step}
        own={actions.readStepProperties(pipeline, step.name)}
        problems={props.problems}
        onChange={patch =>
          actions.setStepProperties(pipeline, step.name, patch)
        }
        onShowCells={() => actions.selectStep(pipeline, step)}
      />
    </Section>
  );
}

/** A pipeline that could not compile while the server was away compiles once it is back. */
function useRecompileWhenConnected(
  pipeline: NotebookPipeline,
  connected: boolean
): void {
  React.useEffect(() => {
    if (connected && (pipeline.error || !pipeline.compile)) {
      void pipeline.recompile();
    }
  }, [connected, pipeline]);
}
