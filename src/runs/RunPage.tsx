import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import * as React from 'react';

import type { DeploymentsModel } from '../deployments/DeploymentsModel';
import { buildGraph, runAsSource, stepsInOrder } from '../graph/buildGraph';
import { layoutSteps, structureKey } from '../graph/layout';
import { PipelineGraph } from '../graph/PipelineGraph';
import type { RunModel } from '../pipelines/RunModel';
import type { IRunRecord } from '../tokens';
import { useSignal } from '../ui/useSignal';
import type { IRunActions } from './actions';
import { AnsiHtml } from './ansiHtml';
import { ArtifactsView } from './ArtifactsView';
import { LogView } from './LogView';
import { MetricsView } from './MetricsView';
import { RunHeader } from './RunHeader';
import { initialStep } from './stepChoice';
import { StepDetails } from './StepDetails';
import { StepOutputs } from './StepOutputs';
import { StepTabs } from './StepTabs';
import { StepTimeline } from './StepTimeline';
import { useRunHistory } from './useRunHistory';
import { useThrottledSignal } from './useThrottledSignal';

export interface IRunPageProps {
  model: RunModel;
  actions: IRunActions;
  /** Every deployment: the artifacts say which of them is deployed. */
  deployments: DeploymentsModel;
  /** Whether the tab stays on this run (else it follows the notebook's newest run). */
  pin: { pinned: boolean; toggle: () => void };
  /** Renders what the run's cells showed. */
  rendermime: IRenderMimeRegistry;
}

/** One run: header, live graph, a tab per step with its log, metrics, artifacts. */
export function RunPage(props: IRunPageProps): JSX.Element {
  const { model } = props;
  useSignal(model.changed);
  const run = model.record;
  if (!run) {
    return (
      <div className="jp-cellpipe-Page jp-cellpipe-RunPage">
        <p className={model.error ? 'jp-cellpipe-Error' : 'jp-cellpipe-Muted'}>
          {model.error
            ? `Run ${model.runId} could not be loaded: ${model.error}`
            : 'Loading the run…'}
        </p>
      </div>
    );
  }
  return <LoadedRun {...props} run={run} />;
}

function LoadedRun(props: IRunPageProps & { run: IRunRecord }): JSX.Element {
  const { run, actions } = props;
  const [selected, setSelected] = React.useState<string | null>(() =>
    initialStep(run)
  );
  const { graph, fitKey } = useRunGraph(run);
  return (
    <div className="jp-cellpipe-Page jp-cellpipe-RunPage">
      <RunHeader
        run={run}
        onCancel={() => actions.cancel(run)}
        onResume={() => actions.resume(run)}
        onRerun={() => actions.rerun(run)}
        onRename={() => actions.rename(run)}
        pinned={props.pin.pinned}
        onTogglePin={props.pin.toggle}
      />
      <div className="jp-cellpipe-RunPage-main">
        <div className="jp-cellpipe-RunPage-graph">
          <PipelineGraph
            graph={graph}
            label={`Steps of run ${run.name}`}
            selected={selected}
            onSelect={setSelected}
            fitKey={fitKey}
          />
        </div>
        <RunSteps {...props} selected={selected} onSelect={setSelected} />
      </div>
      <section aria-label="Timeline">
        <h3>Timeline</h3>
        <StepTimeline
          run={run}
          order={stepsInOrder(run).map(s => s.name)}
          selected={selected}
          onSelect={setSelected}
        />
      </section>
      <RunExtras run={run} actions={actions} deployments={props.deployments} />
    </div>
  );
}

/** The graph of a run; laid out once (a run's steps never change, their statuses do). */
function useRunGraph(run: IRunRecord) {
  const fitKey = structureKey(run);
  const positions = React.useMemo(
    () => layoutSteps(runAsSource(run)),
    [fitKey]
  );
  const graph = React.useMemo(
    () => buildGraph(runAsSource(run), run, [], positions),
    [run, positions]
  );
  return { graph, fitKey };
}

/** A tab per step; the selected step's status, error and log. */
function RunSteps(
  props: IRunPageProps & {
    run: IRunRecord;
    selected: string | null;
    onSelect: (step: string) => void;
  }
): JSX.Element {
  const { model, run, actions, selected } = props;
  const logVersion = useThrottledSignal(model.logAdded);
  const ansi = React.useMemo(() => new AnsiHtml(), []);
  const step = run.steps.find(s => s.name === selected) ?? null;
  const idPrefix = `cellpipe-run-${run.id}`;
  return (
    <div className="jp-cellpipe-RunPage-steps">
      <StepTabs
        steps={stepsInOrder(run)}
        selected={selected}
        onSelect={props.onSelect}
        idPrefix={idPrefix}
      />
      <div
        role="tabpanel"
        id={`${idPrefix}-panel`}
        aria-labelledby={step ? `${idPrefix}-tab-${step.name}` : undefined}
      >
        {step ? (
          <>
            <StepDetails
              step={step}
              onShowCells={() => actions.showStepCells(run, step.name)}
              onOpenRun={actions.openRun}
            />
            <LogView
              step={step.name}
              lines={model.logs(step.name)}
              version={logVersion}
              ansi={ansi}
            />
            <section aria-label={`Outputs of ${step.name}`}>
              <h3>Outputs</h3>
              <StepOutputs
                step={step.name}
                cells={(model.outputs?.cells ?? []).filter(
                  c => c.step === step.name
                )}
                rendermime={props.rendermime}
              />
            </section>
          </>
        ) : null}
      </div>
    </div>
  );
}

/** Metrics (with their trend over the notebook's recent runs) and artifacts. */
function RunExtras(props: {
  run: IRunRecord;
  actions: IRunActions;
  deployments: DeploymentsModel;
}): JSX.Element {
  const { run, actions } = props;
  const history = useRunHistory(run, actions.loadHistory);
  useSignal(props.deployments.changed);
  return (
    <div className="jp-cellpipe-RunPage-extras">
      <section aria-label="Metrics">
        <h3>Metrics</h3>
        <MetricsView
          runId={run.id}
          metrics={run.metrics}
          history={history.history}
          historyError={history.error}
        />
      </section>
      <section aria-label="Artifacts">
        <h3>Artifacts</h3>
        <ArtifactsView
          artifacts={run.artifacts}
          onDownload={a => actions.download(run, a)}
          runId={run.id}
          deployments={props.deployments.forRun(run.id)}
          onDeploy={a => actions.deploy(run, a)}
        />
      </section>
    </div>
  );
}
