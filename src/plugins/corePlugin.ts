import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { ILauncher } from '@jupyterlab/launcher';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';

import { CellpipeApi } from '../api/CellpipeApi';
import { CellpipeClient } from '../api/CellpipeClient';
import { ConnectionModel } from '../api/ConnectionModel';
import { CommandIDs } from '../tokens';
import { registerStepCommands } from '../cells/stepCommands';
import { pipelineIcon } from '../ui/icons';
import { ClusterModel } from '../cluster/ClusterModel';
import { DeploymentsModel } from '../deployments/DeploymentsModel';
import { PipelineRegistry } from '../pipelines/PipelineRegistry';
import { PipelinesPanel } from '../panel/PipelinesPanel';
import type { ICellpipeContext } from './context';
import { activateDeployments } from './deployments';
import { activateNotebookFeatures } from './notebookFeatures';
import { activateRunViews } from './runViews';

export const CORE_PLUGIN_ID = 'cellpipe:core';

/** The user settings this plugin reads (see `schema/core.json`). */
interface ICoreSettings {
  serverUrl: string;
  serverToken: string;
}

function readSettings(settings: ISettingRegistry.ISettings): ICoreSettings {
  return {
    serverUrl: String(settings.get('serverUrl').composite ?? ''),
    serverToken: String(settings.get('serverToken').composite ?? '')
  };
}

/**
 * The one place the frontend is wired: the API client, the Pipelines
 * sidebar, the commands, the deployments and the launcher item.
 */
export const corePlugin: JupyterFrontEndPlugin<void> = {
  id: CORE_PLUGIN_ID,
  description: 'Cellpipe: notebook cells as pipelines.',
  autoStart: true,
  requires: [ISettingRegistry, INotebookTracker],
  optional: [ILauncher, ILayoutRestorer, ICommandPalette],
  activate: async (
    app: JupyterFrontEnd,
    registry: ISettingRegistry,
    tracker: INotebookTracker,
    launcher: ILauncher | null,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null
  ) => {
    const settings = await registry.load(CORE_PLUGIN_ID);
    const model = new ConnectionModel(
      new CellpipeClient(readSettings(settings))
    );
    settings.changed.connect(() => {
      void model.setClient(new CellpipeClient(readSettings(settings)));
    });

    const api = new CellpipeApi(() => model.client);
    const cluster = new ClusterModel(api);
    const panel = new PipelinesPanel(
      model,
      () => void app.commands.execute(CommandIDs.reconnectServer),
      {
        model: cluster,
        onRefresh: () => void app.commands.execute(CommandIDs.refreshCluster)
      }
    );
    panel.id = 'cellpipe-pipelines';
    panel.title.icon = pipelineIcon;
    panel.title.caption = 'Pipelines';
    app.shell.add(panel, 'left', { rank: 600 });
    restorer?.add(panel, panel.id);

    app.commands.addCommand(CommandIDs.openPanel, {
      label: args => (args.isLauncher ? 'Pipelines' : 'Open Pipelines Panel'),
      caption: 'Show the Cellpipe pipelines of the active notebook',
      icon: args => (args.isLauncher ? pipelineIcon : undefined),
      execute: () => app.shell.activateById(panel.id)
    });
    app.commands.addCommand(CommandIDs.reconnectServer, {
      label: 'Reconnect to Cellpipe Server',
      execute: () => model.refresh()
    });
    app.commands.addCommand(CommandIDs.refreshCluster, {
      label: 'Check Kubernetes Cluster Again',
      caption:
        'Ask the Cellpipe server whether the Kubernetes target can run steps',
      execute: () => cluster.refresh()
    });
    registerStepCommands(app.commands, tracker);
    const pipelines = new PipelineRegistry(api, model.socket, tracker);
    const context: ICellpipeContext = {
      app,
      api,
      connection: model,
      cluster,
      deployments: new DeploymentsModel(api, model.socket),
      registry: pipelines,
      tracker,
      settings,
      restorer,
      palette
    };
    activateNotebookFeatures(context);
    activateRunViews(context, panel);
    activateDeployments(context, panel);

    launcher?.add({
      command: CommandIDs.openPanel,
      category: 'Other',
      rank: 1
    });
    for (const command of [
      CommandIDs.openPanel,
      CommandIDs.reconnectServer,
      CommandIDs.refreshCluster
    ]) {
      palette?.addItem({ command, category: 'Cellpipe' });
    }
    void model.refresh();
  }
};
