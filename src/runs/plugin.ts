import {
  ILayoutRestorer,
  type JupyterFrontEnd,
  type JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { INotebookTracker } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';

import type { DeploymentsModel } from '../deployments/DeploymentsModel';
import { IDeploymentsModel } from '../deployments/tokens';
import type { PipelineRegistry } from '../pipelines/PipelineRegistry';
import { IPipelineRegistry } from '../pipelines/tokens';
import { ICellpipe } from '../tokens';
import { registerCompareCommand } from './compareCommand';
import { registerOpenRunCommand } from './openRunCommand';
import { runActions } from './runActions';

/** A run in its own tab (`cellpipe:open-run`): graph, logs, metrics, artifacts. */
export const runViewsPlugin: JupyterFrontEndPlugin<void> = {
  id: 'cellpipe:run-views',
  description: 'Cellpipe: one run in a main-area tab, live.',
  autoStart: true,
  requires: [
    ICellpipe,
    INotebookTracker,
    IPipelineRegistry,
    IDeploymentsModel,
    IRenderMimeRegistry
  ],
  optional: [ILayoutRestorer],
  activate: (
    app: JupyterFrontEnd,
    cellpipe: ICellpipe,
    tracker: INotebookTracker,
    registry: PipelineRegistry,
    deployments: DeploymentsModel,
    rendermime: IRenderMimeRegistry,
    restorer: ILayoutRestorer | null
  ) => {
    const actions = runActions({ app, api: cellpipe.api, tracker, registry });
    registerOpenRunCommand({
      app,
      cellpipe,
      actions,
      deployments,
      rendermime,
      restorer
    });
    registerCompareCommand(app, cellpipe, restorer);
  }
};
