import type { JupyterFrontEnd } from '@jupyterlab/application';
import { showErrorMessage } from '@jupyterlab/apputils';
import type { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';

import { selectCells } from '../cells/selectCells';
import type { NotebookPipeline } from '../pipelines/NotebookPipeline';
import type { PipelineRegistry } from '../pipelines/PipelineRegistry';
import {
  CommandIDs,
  type IArtifact,
  type ICellpipe,
  type IRunRecord
} from '../tokens';
import { artifactFileName } from '../ui/format';
import type { IRunActions } from './actions';

/** What the run widget's actions act on. */
export interface IRunActionsOptions {
  app: JupyterFrontEnd;
  api: ICellpipe.IApi;
  tracker: INotebookTracker;
  registry: PipelineRegistry;
}

/**
 * Opens a run's tab, beside the notebook of `pipeline` when there is one;
 * with `notebookPath` (a new run of it) in the tab that follows it.
 */
type OpenRun = (
  runId: string,
  pipeline: NotebookPipeline | null,
  notebookPath?: string | null
) => Promise<unknown>;

/** The run widget's actions, on the REST API and the open notebooks. */
export function runActions(options: IRunActionsOptions): IRunActions {
  const { api, app } = options;
  const open: OpenRun = (runId, pipeline, notebookPath) =>
    app.commands.execute(CommandIDs.openRun, {
      runId,
      ...(pipeline ? { ref: pipeline.panel.id } : {}),
      ...(notebookPath ? { notebookPath } : {})
    });
  return {
    cancel: run => reported(api.cancelRun(run.id).then(() => undefined)),
    resume: run => reported(resume(options, open, run)),
    rerun: run => reported(rerun(options, open, run)),
    download: (run, artifact) => reported(download(options, run, artifact)),
    deploy: (run, artifact) =>
      void app.commands.execute(CommandIDs.deployModel, {
        runId: run.id,
        step: artifact.step,
        artifact: artifact.name,
        ...(run.notebookPath ? { path: run.notebookPath } : {})
      }),
    loadHistory: async (notebookPath, limit) => {
      const list = await api.listRuns({ notebook: notebookPath, limit });
      return Promise.all(list.runs.map(r => api.getRun(r.id)));
    },
    rename: run =>
      void app.commands.execute(CommandIDs.renameRun, {
        runId: run.id,
        current: run.title
      }),
    openRun: runId => void open(runId, null),
    showStepCells: (run, step) => showStepCells(options, run, step)
  };
}

/** A new run from this one, with the open notebook's cells when it is open. */
async function resume(
  options: IRunActionsOptions,
  open: OpenRun,
  run: IRunRecord
): Promise<void> {
  const pipeline = openPipeline(options, run);
  const next = await options.api.resumeRun(run.id, pipeline?.snapshot());
  await pipeline?.show(next.id);
  await open(next.id, pipeline, run.notebookPath);
}

/** The notebook again (opened when closed), with the run's parameters, no cache. */
async function rerun(
  options: IRunActionsOptions,
  open: OpenRun,
  run: IRunRecord
): Promise<void> {
  const pipeline = await notebookPipeline(options, run);
  const model = await pipeline.run({
    cache: false,
    parameters: run.parameters
  });
  if (model) {
    await open(model.runId, pipeline, run.notebookPath);
  } else {
    options.app.shell.activateById(pipeline.panel.id);
  }
}

function showStepCells(
  options: IRunActionsOptions,
  run: IRunRecord,
  step: string
): void {
  const pipeline = openPipeline(options, run);
  const cells = run.steps.find(s => s.name === step)?.cells ?? [];
  if (pipeline && cells.length > 0) {
    options.app.shell.activateById(pipeline.panel.id);
    selectCells(
      pipeline.panel,
      cells.map(c => c.id)
    );
  }
}

/** The pipeline of the run's notebook, when that notebook is open. */
function openPipeline(
  options: IRunActionsOptions,
  run: IRunRecord
): NotebookPipeline | null {
  const panel = options.tracker.find(p => p.context.path === run.notebookPath);
  return panel ? options.registry.get(panel) : null;
}

/** The pipeline of the run's notebook, opening the notebook when it is closed. */
async function notebookPipeline(
  options: IRunActionsOptions,
  run: IRunRecord
): Promise<NotebookPipeline> {
  const open = openPipeline(options, run);
  if (open) {
    return open;
  }
  if (!run.notebookPath) {
    throw new Error('This run does not say which notebook it came from.');
  }
  const panel = (await options.app.commands.execute('docmanager:open', {
    path: run.notebookPath
  })) as NotebookPanel;
  await panel.context.ready;
  const pipeline = options.registry.get(panel);
  if (!pipeline) {
    throw new Error(`${run.notebookPath} is not a notebook.`);
  }
  return pipeline;
}

async function download(
  options: IRunActionsOptions,
  run: IRunRecord,
  artifact: IArtifact
): Promise<void> {
  const blob = await options.api.downloadArtifact(run.id, artifact);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = artifactFileName(run.name, artifact);
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Shows a failed action to the person instead of losing it in the console. */
async function reported(action: Promise<void>): Promise<void> {
  try {
    await action;
  } catch (err) {
    await showErrorMessage(
      'Cellpipe',
      err instanceof Error ? err.message : String(err)
    );
  }
}
