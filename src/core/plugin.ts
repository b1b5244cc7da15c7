import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';

import { CellpipeClient } from '../api/CellpipeClient';
import { ConnectionModel } from '../api/ConnectionModel';
import { CommandIDs, CORE_PLUGIN_ID, ICellpipe } from '../tokens';
import { CellpipeService } from './CellpipeService';

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
 * The settings, the client of the Cellpipe server (URLs and auth), the
 * connection and its events socket, provided to every feature as
 * `ICellpipe`. Its schema also declares Cellpipe's menus and toolbar buttons.
 */
export const corePlugin: JupyterFrontEndPlugin<ICellpipe> = {
  id: CORE_PLUGIN_ID,
  description: 'Cellpipe: notebook cells as pipelines.',
  autoStart: true,
  requires: [ISettingRegistry],
  optional: [ICommandPalette],
  provides: ICellpipe,
  activate: async (
    app: JupyterFrontEnd,
    registry: ISettingRegistry,
    palette: ICommandPalette | null
  ) => {
    const settings = await registry.load(CORE_PLUGIN_ID);
    const connection = new ConnectionModel(
      new CellpipeClient(readSettings(settings))
    );
    settings.changed.connect(() => {
      void connection.setClient(new CellpipeClient(readSettings(settings)));
    });
    app.commands.addCommand(CommandIDs.reconnectServer, {
      label: 'Reconnect to Cellpipe Server',
      execute: () => connection.refresh()
    });
    palette?.addItem({
      command: CommandIDs.reconnectServer,
      category: 'Cellpipe'
    });
    void connection.refresh();
    return new CellpipeService(connection);
  }
};
