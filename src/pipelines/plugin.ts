import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';

import { registerDeleteRunCommand } from './deleteRunCommand';
import { registerRenameRunCommand } from './renameRunCommand';
import { followNotebookRenames } from './followRenames';

import type { ClusterModel } from '../cluster/ClusterModel';
import { IClusterModel } from '../cluster/tokens';
import { CORE_PLUGIN_ID, ICellpipe } from '../tokens';
import { contextMenuRun } from '../ui/contextMenuRun';
import { PipelineRegistry } from './PipelineRegistry';
import { registerRunCommands, RUN_COMMANDS } from './runCommands';
import { IPipelineRegistry } from './tokens';

/**
 * The pipeline of each open notebook (compiled again after each edit) and
 * the commands that run it: Run pipeline… (with its dialog), Cancel,
 * Resume from failed, Re-run.
 */
export const pipelinesPlugin: JupyterFrontEndPlugin<PipelineRegistry> = {
  id: 'cellpipe:pipelines',
  description: 'Cellpipe: the pipelines of open notebooks, and running them.',
  autoStart: true,
  requires: [ICellpipe, INotebookTracker, ISettingRegistry],
  optional: [IClusterModel, ICommandPalette],
  provides: IPipelineRegistry,
  activate: async (
    app: JupyterFrontEnd,
    cellpipe: ICellpipe,
    tracker: INotebookTracker,
    settingRegistry: ISettingRegistry,
    cluster: ClusterModel | null,
    palette: ICommandPalette | null
  ) => {
    // The run dialog's default target is one of the core plugin's settings.
    const settings = await settingRegistry.load(CORE_PLUGIN_ID);
    const registry = new PipelineRegistry(
      cellpipe.api,
      cellpipe.events,
      tracker
    );
    followNotebookRenames(
      app.serviceManager.contents,
      cellpipe.api,
      tracker,
      registry
    );
    const contextRun = () => contextMenuRun(app);
    registerDeleteRunCommand(app.commands, cellpipe.api, contextRun);
    registerRenameRunCommand(app.commands, cellpipe.api, contextRun);
    registerRunCommands({
      commands: app.commands,
      tracker,
      registry,
      connection: cellpipe.connection,
      cluster,
      defaultTarget: () => String(settings.get('defaultTarget').composite ?? '')
    });
    for (const command of RUN_COMMANDS) {
      palette?.addItem({ command, category: 'Cellpipe' });
    }
    return registry;
  }
};
