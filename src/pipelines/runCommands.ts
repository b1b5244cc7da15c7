import { Notification } from '@jupyterlab/apputils';
import type { CommandRegistry } from '@lumino/commands';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';

import { pipelineIcon } from '../ui/icons';
import type { NotebookPipeline } from './NotebookPipeline';
import type { RunModel } from './RunModel';
import type { ICellpipeContext } from '../plugins/context';
import { showRunDialog, type IRunDialogOptions } from './RunDialog';
import { defaultTarget } from './runDialogForm';
import { CommandIDs } from '../tokens';
import { refusedRunMessage, rerunParameters, runActions } from './runMessages';

const RUN_COMMANDS = [
  CommandIDs.runPipeline,
  CommandIDs.cancelRun,
  CommandIDs.resumeRun,
  CommandIDs.rerunPipeline
];

type Args = ReadonlyPartialJSONObject;

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
export function registerRunCommands(context: ICellpipeContext): void {
  const kit = runCommandKit(context);
  addRunCommand(kit, context);
  addCancelCommand(kit);
  addResumeCommand(kit);
  addRerunCommand(kit);
  watchRunState(context);
  for (const command of RUN_COMMANDS) {
    context.palette?.addItem({ command, category: 'Cellpipe' });
  }
}

function runCommandKit({
  app,
  registry,
  tracker
}: ICellpipeContext): IRunCommandKit {
  const pipelineFor = (args: Args) => {
    const panel =
      typeof args.path === 'string'
        ? tracker.find(p => p.context.path === args.path)
        : tracker.currentWidget;
    return panel ? registry.get(panel) : null;
  };
  return {
    commands: app.commands,
    pipelineFor,
    can: action => args => {
      const p = pipelineFor(args);
      return (
        p !== null && runActions(p.activeRun?.record?.status ?? null)[action]
      );
    },
    start: async (p, request) => {
      try {
        if ((await request()) === null && p.runProblems.length > 0) {
          Notification.error(refusedRunMessage(p.compile, p.runProblems), {
            autoClose: 10000,
            actions: [
              {
                label: 'Show problems',
                callback: () => void app.commands.execute(CommandIDs.openPanel)
              }
            ]
          });
        }
      } catch (err) {
        Notification.error(
          `Cellpipe could not start the run: ${errorText(err)}`,
          {
            autoClose: 10000
          }
        );
      }
    }
  };
}

function addRunCommand(kit: IRunCommandKit, context: ICellpipeContext): void {
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
      const options = await showRunDialog(runDialogOptions(context, p));
      if (options) {
        await kit.start(p, () => p.run(options));
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
  context: ICellpipeContext,
  p: NotebookPipeline
): IRunDialogOptions {
  const state = context.connection.state;
  const info = state.status === 'connected' ? state.info : null;
  const setting = String(context.settings.get('defaultTarget').composite ?? '');
  const executors = info?.executors ?? [];
  return {
    pipelineName: p.compile?.name ?? p.path,
    parameters: p.compile?.parameters ?? [],
    executors,
    target: defaultTarget(executors, setting, info?.defaultTarget ?? 'local'),
    errorCount: (p.compile?.problems ?? []).filter(x => x.severity === 'error')
      .length,
    cluster: {
      model: context.cluster,
      refresh: () =>
        void context.app.commands.execute(CommandIDs.refreshCluster)
    }
  };
}

/** Toolbar buttons and menus follow the shown run's status. */
function watchRunState(context: ICellpipeContext): void {
  const { app, registry } = context;
  const refresh = () =>
    RUN_COMMANDS.forEach(id => app.commands.notifyCommandChanged(id));
  registry.currentChanged.connect(refresh);
  registry.added.connect((_, p) => {
    p.changed.connect(refresh);
    p.panel.disposed.connect(() => p.changed.disconnect(refresh));
  });
}
