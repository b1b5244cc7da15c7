import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';

import { CommandIDs, ICellpipe } from '../tokens';
import { ClusterModel } from './ClusterModel';
import { IClusterModel } from './tokens';

/** The cluster model and `cellpipe:refresh-cluster`, which asks the server again. */
export const clusterPlugin: JupyterFrontEndPlugin<ClusterModel> = {
  id: 'cellpipe:cluster',
  description: 'Cellpipe: the Kubernetes target as the server sees it.',
  autoStart: true,
  requires: [ICellpipe],
  optional: [ICommandPalette],
  provides: IClusterModel,
  activate: (
    app: JupyterFrontEnd,
    cellpipe: ICellpipe,
    palette: ICommandPalette | null
  ) => {
    const cluster = new ClusterModel(cellpipe.api);
    app.commands.addCommand(CommandIDs.refreshCluster, {
      label: 'Check Kubernetes Cluster Again',
      caption:
        'Ask the Cellpipe server whether the Kubernetes target can run steps',
      execute: () => cluster.refresh()
    });
    palette?.addItem({
      command: CommandIDs.refreshCluster,
      category: 'Cellpipe'
    });
    return cluster;
  }
};
