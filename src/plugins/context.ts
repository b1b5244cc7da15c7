import type { ILayoutRestorer, JupyterFrontEnd } from '@jupyterlab/application';
import type { ICommandPalette } from '@jupyterlab/apputils';
import type { INotebookTracker } from '@jupyterlab/notebook';
import type { ISettingRegistry } from '@jupyterlab/settingregistry';

import type { CellpipeApi } from '../api/CellpipeApi';
import type { ConnectionModel } from '../api/ConnectionModel';
import type { ClusterModel } from '../cluster/ClusterModel';
import type { DeploymentsModel } from '../deployments/DeploymentsModel';
import type { PipelineRegistry } from '../pipelines/PipelineRegistry';

/**
 * What the core plugin hands to each feature when it wires it: the one
 * API, the connection (and its socket), the pipelines of open notebooks.
 */
export interface ICellpipeContext {
  app: JupyterFrontEnd;
  api: CellpipeApi;
  connection: ConnectionModel;
  /** The Kubernetes target's status, shared by the panel and the run dialog. */
  cluster: ClusterModel;
  /** Every deployment, live; shared by the panel, the deploy dialog and the run views. */
  deployments: DeploymentsModel;
  registry: PipelineRegistry;
  tracker: INotebookTracker;
  settings: ISettingRegistry.ISettings;
  restorer: ILayoutRestorer | null;
  palette: ICommandPalette | null;
}
