import { Notification } from '@jupyterlab/apputils';
import type { INotebookTracker } from '@jupyterlab/notebook';
import type { CommandRegistry } from '@lumino/commands';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';

import type { ClusterModel } from '../cluster/ClusterModel';
import { CommandIDs, type ICellpipe } from '../tokens';
import { pipelineIcon } from '../ui/icons';
import type { NotebookPipeline } from './NotebookPipeline';
import type { PipelineRegistry } from './PipelineRegistry';
import { showRunDialog, type IRunDialogOptions } from './RunDialog';
import { defaultTarget } from './runDialogForm';
import { refusedRunMessage, rerunParameters, runActions } from './runMessages';
import type { RunModel } from './RunModel';

export const RUN_COMMANDS = [
  CommandIDs.runPipeline,
  CommandIDs.cancelRun,
  CommandIDs.resumeRun,
  CommandIDs.rerunPipeline
];

type Args = ReadonlyPartialJSONObject;

/** What the run commands act on. */
export interface IRunCommandsOptions {
  commands: CommandRegistry;
  tracker: INotebookTracker;
  registry: PipelineRegistry;
  connection: ICellpipe.IConnection;
  /** The Kubernetes status for the run dialog (absent: not shown). */
  cluster: ClusterModel | null;
  /** The user's `defaultTarget` setting (empty when unset). */
  defaultTarget: () => string;
}

/** What every run command needs: its pipeline, whether it can act, how to start a run. */
interface IRunCommandKit {
  commands: CommandRegistry;
  pipelineFor(args: Args): NotebookPipeline | null;
  can(action: keyof ReturnType<typeof runActions>): (args: Args) => boolean;
  start(
    p: NotebookPipeline,
    request: () => Promise<RunModel | null>
  ): Promise<void>;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Run pipeline…, Cancel, Resume from failed, Re-run: on the pipeline of
 * the notebook named by `args.path`, else of the active notebook. In the
 * palette (category Cellpipe); enabled states follow the shown run.
 */
export function registerRunCommands(options: IRunCommandsOptions): void {
  const kit = runCommandKit(options);
  addRunCommand(kit, options);
  addCancelCommand(kit);
  addResumeCommand(kit);
  addRerunCommand(kit);
  watchRunState(options);
}

function runCommandKit({
  commands,
  registry,
  tracker
}: IRunCommandsOptions): IRunCommandKit {
  const pipelineFor = (args: Args) => {
    const panel =
      typeof args.path === 'string'
        ? tracker.find(p => p.context.path === args.path)
        : tracker.currentWidget;
    return panel ? registry.get(panel) : null;
  };
  return {
    commands,
    pipelineFor,
    can: action => args => {
      const p = pipelineFor(args);
      return (
        p !== null && runActions(p.activeRun?.record?.status ?? null)[action]
      );
    },
    start: (p, request) => startRun(commands, p, request)
  };
}

/** Starts a run; a refusal or a failure is said in a notification, not thrown. */
async function startRun(
  commands: CommandRegistry,
  p: NotebookPipeline,
  request: () => Promise<RunModel | null>
): Promise<void> {
  try {
    if ((await request()) === null && p.runProblems.length > 0) {
      Notification.error(refusedRunMessage(p.compile, p.runProblems), {
        autoClose: 10000,
        actions: [
          {
            label: 'Show problems',
            callback: () => void commands.execute(CommandIDs.openPanel)
          }
        ]
      });
    }
  } catch (err) {
    Notification.error(`Cellpipe could not start the run: ${errorText(err)}`, {
      autoClose: 10000
    });
  }
}

function addRunCommand(
  kit: IRunCommandKit,
  options: IRunCommandsOptions
): void {
  kit.commands.addCommand(CommandIDs.runPipeline, {
    label: args => (args.toolbar ? 'Run pipeline' : 'Run pipeline…'),
    caption:
      'Run this notebook as a pipeline: choose where, parameters, caching',
    icon: pipelineIcon,
    isEnabled: kit.can('run'),
    execute: async args => {
      const p = kit.pipelineFor(args);
      if (!p) {
        return;
      }
      const chosen = await showRunDialog(runDialogOptions(options, p));
      if (chosen) {
        await kit.start(p, () => p.run(chosen));
      }
    }
  });
}

function addCancelCommand(kit: IRunCommandKit): void {
  kit.commands.addCommand(CommandIDs.cancelRun, {
    label: 'Cancel pipeline run',
    caption: 'Stop the running steps; finished results are kept',
    isEnabled: kit.can('cancel'),
    execute: async args => {
      try {
        await kit.pipelineFor(args)?.cancel();
      } catch (err) {
        Notification.error(
          `Cellpipe could not cancel the run: ${errorText(err)}`
        );
      }
    }
  });
}

function addResumeCommand(kit: IRunCommandKit): void {
  kit.commands.addCommand(CommandIDs.resumeRun, {
    label: 'Resume from failed',
    caption:
      'Run the failed and changed steps again with the notebook as it is now; the rest is reused',
    isEnabled: kit.can('resume'),
    execute: async args => {
      const p = kit.pipelineFor(args);
      if (p) {
        await kit.start(p, () => p.resume());
      }
    }
  });
}

function addRerunCommand(kit: IRunCommandKit): void {
  kit.commands.addCommand(CommandIDs.rerunPipeline, {
    label: 'Re-run pipeline',
    caption:
      'Run every step again without cached results, with the last run’s parameters and target',
    isEnabled: kit.can('rerun'),
    execute: async args => {
      const p = kit.pipelineFor(args);
      if (!p) {
        return;
      }
      const last = p.activeRun?.record;
      await kit.start(p, () =>
        p.run({
          cache: false,
          target: last?.target,
          parameters: rerunParameters(last?.parameters, p.compile?.parameters)
        })
      );
    }
  });
}

function runDialogOptions(
  options: IRunCommandsOptions,
  p: NotebookPipeline
): IRunDialogOptions {
  const { cluster, commands } = options;
  const state = options.connection.state;
  const info = state.status === 'connected' ? state.info : null;
  const setting = options.defaultTarget();
  const executors = info?.executors ?? [];
  return {
    pipelineName: p.compile?.name ?? p.path,
    parameters: p.compile?.parameters ?? [],
    compiled: p.compile,
    executors,
    target: defaultTarget(executors, setting, info?.defaultTarget ?? 'local'),
    errors: [...(p.compile?.problems ?? []), ...p.runProblems]
      .filter(x => x.severity === 'error')
      .map(x => x.message),
    cluster: cluster
      ? {
          model: cluster,
          refresh: () => void commands.execute(CommandIDs.refreshCluster)
        }
      : undefined
  };
}

/** Toolbar buttons and menus follow the shown run's status. */
function watchRunState({ commands, registry }: IRunCommandsOptions): void {
  const refresh = () =>
    RUN_COMMANDS.forEach(id => commands.notifyCommandChanged(id));
  registry.currentChanged.connect(refresh);
  registry.added.connect((_, p) => {
    p.changed.connect(refresh);
    p.panel.disposed.connect(() => p.changed.disconnect(refresh));
  });
}
