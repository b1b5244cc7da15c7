import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker } from '@jupyterlab/notebook';
import * as React from 'react';

import type { ClusterModel } from '../cluster/ClusterModel';
import { IClusterModel } from '../cluster/tokens';
import type { PipelinesPanel } from '../panel/PipelinesPanel';
import { IPipelinesPanel } from '../panel/tokens';
import { ICellpipe } from '../tokens';
import { deploymentActions } from './actions';
import { PALETTE_COMMANDS, registerDeployCommands } from './deployCommands';
import { DeploymentsModel } from './DeploymentsModel';
import { DeploymentsSection } from './DeploymentsSection';
import { IDeploymentsModel } from './tokens';

/**
 * Serving a run's model: Deploy model… (its dialog), Undeploy, Send test
 * request, and the panel's Deployments section with its live list.
 */
export const deploymentsPlugin: JupyterFrontEndPlugin<DeploymentsModel> = {
  id: 'cellpipe:deployments',
  description: 'Cellpipe: deploy a run’s model as an HTTP endpoint.',
  autoStart: true,
  requires: [ICellpipe, INotebookTracker, IClusterModel, IPipelinesPanel],
  optional: [ICommandPalette],
  provides: IDeploymentsModel,
  activate: (
    app: JupyterFrontEnd,
    cellpipe: ICellpipe,
    tracker: INotebookTracker,
    cluster: ClusterModel,
    panel: PipelinesPanel,
    palette: ICommandPalette | null
  ) => {
    const deployments = new DeploymentsModel(cellpipe.api, cellpipe.events);
    registerDeployCommands({
      commands: app.commands,
      api: cellpipe.api,
      tracker,
      deployments,
      cluster,
      targets: () => {
        const state = cellpipe.connection.state;
        return state.status === 'connected'
          ? state.info.deployTargets
          : ['local'];
      }
    });
    for (const command of PALETTE_COMMANDS) {
      palette?.addItem({ command, category: 'Cellpipe' });
    }
    const actions = deploymentActions(app.commands);
    panel.setDeploymentsView(connected =>
      React.createElement(DeploymentsSection, {
        model: deployments,
        actions,
        connected
      })
    );
    loadWhenConnected(cellpipe.connection, deployments);
    return deployments;
  }
};

/**
 * Loads the list once per server reached; the socket keeps it live from
 * there, subscribing again from the last seq after a dropped connection.
 */
function loadWhenConnected(
  connection: ICellpipe.IConnection,
  deployments: DeploymentsModel
): void {
  let loadedFor: string | null = null;
  const onChange = () => {
    const state = connection.state;
    if (state.status !== 'connected') {
      loadedFor = null;
    } else if (loadedFor !== state.server) {
      loadedFor = state.server;
      void deployments.load();
    }
  };
  connection.changed.connect(onChange);
  // The core plugin may have connected before this plugin started.
  onChange();
}
