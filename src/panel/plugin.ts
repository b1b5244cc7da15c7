import {
  ILayoutRestorer,
  type JupyterFrontEnd,
  type JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import * as React from 'react';

import type { ClusterModel } from '../cluster/ClusterModel';
import { IClusterModel } from '../cluster/tokens';
import type { PipelineRegistry } from '../pipelines/PipelineRegistry';
import { IPipelineRegistry } from '../pipelines/tokens';
import { CommandIDs, ICellpipe } from '../tokens';
import { pipelineIcon } from '../ui/icons';
import { ActiveRunsModel } from './ActiveRunsModel';
import { CurrentPipeline } from './CurrentPipeline';
import { createGraphWidget } from './GraphView';
import type { IPanelActions } from './actions';
import { panelActions } from './panelActions';
import { PipelinesPanel } from './PipelinesPanel';
import { IPipelinesPanel } from './tokens';

/** The id of the sidebar widget (the UI tests and the layout restorer use it). */
const PANEL_ID = 'cellpipe-pipelines';

/**
 * The "Pipelines" sidebar: the server connection, the Kubernetes line, and
 * the active notebook's pipeline (graph, step properties, parameters,
 * problems, runs); `cellpipe:open-panel` shows it.
 */
export const panelPlugin: JupyterFrontEndPlugin<PipelinesPanel> = {
  id: 'cellpipe:panel',
  description: 'Cellpipe: the Pipelines sidebar.',
  autoStart: true,
  requires: [ICellpipe, IPipelineRegistry, IClusterModel],
  optional: [ILayoutRestorer, ICommandPalette],
  provides: IPipelinesPanel,
  activate: (
    app: JupyterFrontEnd,
    cellpipe: ICellpipe,
    registry: PipelineRegistry,
    cluster: ClusterModel,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null
  ) => {
    const panel = addPanel(app, cellpipe.connection, cluster, restorer);
    app.commands.addCommand(CommandIDs.openPanel, {
      label: args => (args.isLauncher ? 'Pipelines' : 'Open Pipelines Panel'),
      caption: 'Show the Cellpipe pipelines of the active notebook',
      icon: args => (args.isLauncher ? pipelineIcon : undefined),
      execute: () => app.shell.activateById(panel.id)
    });
    palette?.addItem({ command: CommandIDs.openPanel, category: 'Cellpipe' });
    const runs = new ActiveRunsModel(
      cellpipe.api,
      cellpipe.events,
      cellpipe.connection,
      registry
    );
    const actions = panelActions(app);
    addGraphCommand(app, registry, actions);
    palette?.addItem({ command: CommandIDs.openGraph, category: 'Cellpipe' });
    panel.setPipelineView(connected =>
      React.createElement(CurrentPipeline, {
        registry,
        runs,
        actions,
        connected
      })
    );
    return panel;
  }
};

/** `cellpipe:open-graph`: the active notebook's graph as a main-area tab beside it (once per notebook). */
function addGraphCommand(
  app: JupyterFrontEnd,
  registry: PipelineRegistry,
  actions: IPanelActions
): void {
  app.commands.addCommand(CommandIDs.openGraph, {
    label: args => (args.toolbar ? 'Graph' : 'Open Pipeline Graph'),
    caption: 'The notebook’s pipeline graph, large, in the main area',
    icon: pipelineIcon,
    isEnabled: () => registry.current !== null,
    execute: () => {
      const pipeline = registry.current;
      if (!pipeline) {
        return;
      }
      const id = `cellpipe-graph-${pipeline.panel.id}`;
      if ([...app.shell.widgets('main')].some(w => w.id === id)) {
        app.shell.activateById(id);
        return;
      }
      app.shell.add(createGraphWidget(pipeline, actions), 'main', {
        mode: 'split-right',
        ref: pipeline.panel.id
      });
    }
  });
}

/** The sidebar in the left area, restored with the layout. */
function addPanel(
  app: JupyterFrontEnd,
  connection: ICellpipe.IConnection,
  cluster: ClusterModel,
  restorer: ILayoutRestorer | null
): PipelinesPanel {
  const { commands } = app;
  const panel = new PipelinesPanel(
    connection,
    () => void commands.execute(CommandIDs.reconnectServer),
    {
      model: cluster,
      onRefresh: () => void commands.execute(CommandIDs.refreshCluster)
    }
  );
  panel.id = PANEL_ID;
  panel.title.icon = pipelineIcon;
  panel.title.caption = 'Pipelines';
  app.shell.add(panel, 'left', { rank: 600 });
  restorer?.add(panel, panel.id);
  return panel;
}
