import {
  Dialog,
  Notification,
  showDialog,
  showErrorMessage
} from '@jupyterlab/apputils';
import type { INotebookTracker } from '@jupyterlab/notebook';
import type { CommandRegistry } from '@lumino/commands';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';

import type { ClusterModel } from '../cluster/ClusterModel';
import {
  ApiError,
  CommandIDs,
  type ICellpipe,
  type IDeployment
} from '../tokens';
import { deployIcon } from '../ui/icons';
import { showDeployDialog } from './DeployDialog';
import type { DeploymentsModel } from './DeploymentsModel';
import {
  initialChoice,
  modelChoices,
  type IArtifactRef,
  type IRunArtifacts
} from './modelChoices';
import { sendTestRequest } from './sendTestRequest';

type Args = ReadonlyPartialJSONObject;

/** What the deploy commands act on. */
export interface IDeployCommandsOptions {
  commands: CommandRegistry;
  api: ICellpipe.IApi;
  tracker: INotebookTracker;
  deployments: DeploymentsModel;
  cluster: ClusterModel;
  /** The deploy targets of the server reached (from its version handshake). */
  targets: () => readonly string[];
}

/** The deploy commands the palette lists. */
export const PALETTE_COMMANDS = [
  CommandIDs.deployModel,
  CommandIDs.undeployModel
];

/** Succeeded runs of the notebook whose models the dialog offers. */
const RUNS_OFFERED = 10;

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Deploy model…, Undeploy model, Send test request; in the palette (category Cellpipe). */
export function registerDeployCommands(context: IDeployCommandsOptions): void {
  addDeployCommand(context);
  addUndeployCommand(context);
  context.commands.addCommand(CommandIDs.sendTestRequest, {
    label: 'Send Test Request to Deployment',
    caption: "Send a request to a deployment's endpoint, through the server",
    execute: args => sendTestRequest(context.api, args)
  });
}

function addDeployCommand(context: IDeployCommandsOptions): void {
  context.commands.addCommand(CommandIDs.deployModel, {
    label: args => (args.toolbar ? 'Deploy model' : 'Deploy model…'),
    caption:
      'Serve a model a run of this notebook stored, as an HTTP endpoint (KServe V1 and V2 protocols)',
    icon: deployIcon,
    execute: args => deployModel(context, args)
  });
}

function addUndeployCommand(context: IDeployCommandsOptions): void {
  context.commands.addCommand(CommandIDs.undeployModel, {
    label: args => (args.name ? `Undeploy ${args.name}` : 'Undeploy model…'),
    caption: 'Stop serving a deployed model and remove its endpoint',
    execute: args => undeployModel(context, String(args.name ?? ''))
  });
}

/** The artifact the command was started from (a run view's Deploy button). */
function artifactRef(args: Args): IArtifactRef | null {
  const { runId, step, artifact } = args;
  return typeof runId === 'string' &&
    typeof step === 'string' &&
    typeof artifact === 'string'
    ? { runId, step, artifact }
    : null;
}

/** The notebook's latest succeeded runs, and the preselected artifact's run. */
async function loadSources(
  api: ICellpipe.IApi,
  notebookPath: string | null,
  preselect: IArtifactRef | null
): Promise<IRunArtifacts[]> {
  const runs = notebookPath
    ? (
        await api.listRuns({
          notebook: notebookPath,
          status: 'succeeded',
          limit: RUNS_OFFERED
        })
      ).runs
    : [];
  // Whole records: the choices show each run's metrics and the best is preselected.
  const sources: IRunArtifacts[] = await Promise.all(
    runs.map(async run => {
      const record = await api.getRun(run.id);
      return {
        run: record,
        artifacts: record.artifacts,
        metrics: record.metrics
      };
    })
  );
  if (preselect && !sources.some(s => s.run.id === preselect.runId)) {
    const record = await api.getRun(preselect.runId);
    sources.unshift({
      run: record,
      artifacts: record.artifacts,
      metrics: record.metrics
    });
  }
  return sources;
}

async function deployModel(
  context: IDeployCommandsOptions,
  args: Args
): Promise<IDeployment | null> {
  const { commands, api, tracker, deployments } = context;
  const preselect = artifactRef(args);
  const path =
    typeof args.path === 'string'
      ? args.path
      : (tracker.currentWidget?.context.path ?? null);
  let sources: IRunArtifacts[];
  try {
    sources = await loadSources(api, path, preselect);
  } catch (err) {
    Notification.error(`Cellpipe could not list the models: ${errorText(err)}`);
    return null;
  }
  const choices = modelChoices(sources, preselect);
  const initial = initialChoice(choices, preselect);
  if (!initial) {
    await showNoModels(path);
    return null;
  }
  const deployment = await showDeployDialog({
    choices,
    initial,
    taken: new Set(deployments.deployments.map(d => d.name)),
    cluster: context.cluster,
    targets: context.targets(),
    deployments,
    refreshCluster: () => void commands.execute(CommandIDs.refreshCluster),
    submit: request => api.createDeployment(request)
  });
  if (deployment) {
    showDeployed(context, deployment);
  }
  return deployment;
}

/** The new deployment in the panel at once (its events follow). */
function showDeployed(
  context: IDeployCommandsOptions,
  deployment: IDeployment
) {
  context.deployments.upsert(deployment);
  void context.commands.execute(CommandIDs.openPanel);
  Notification.success(
    `Deploying “${deployment.name}” (${deployment.target}): its status is in the Pipelines panel.`,
    { autoClose: 5000 }
  );
}

async function showNoModels(path: string | null): Promise<void> {
  await showDialog({
    title: 'No model to deploy',
    body: path
      ? `No succeeded run of ${path} stored a model. A step's value is stored as a model when it has fit() and predict(); run the pipeline first.`
      : "Open a notebook whose pipeline stored a model, or use Deploy on a model in a run's artifacts.",
    buttons: [Dialog.okButton()]
  });
}

async function undeployModel(
  context: IDeployCommandsOptions,
  name: string
): Promise<boolean> {
  if (!name) {
    return false;
  }
  const answer = await showDialog({
    title: 'Undeploy model',
    body: `Stop serving “${name}” and remove its endpoint? The run and its artifacts are kept.`,
    buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: 'Undeploy' })]
  });
  if (!answer.button.accept) {
    return false;
  }
  try {
    await context.api.deleteDeployment(name);
  } catch (err) {
    // Already gone is what was asked for.
    if (!(err instanceof ApiError && err.status === 404)) {
      await showErrorMessage(
        'Cellpipe',
        `Could not undeploy ${name}: ${errorText(err)}`
      );
      return false;
    }
  }
  context.deployments.remove(name);
  return true;
}
