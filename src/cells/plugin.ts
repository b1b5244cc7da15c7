import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker, type NotebookPanel } from '@jupyterlab/notebook';

import type { NotebookPipeline } from '../pipelines/NotebookPipeline';
import type { PipelineRegistry } from '../pipelines/PipelineRegistry';
import { IPipelineRegistry } from '../pipelines/tokens';
import { CommandIDs } from '../tokens';
import { registerCellCommands } from './cellCommands';
import { CellDecorator } from './CellDecorator';
import { registerDependencyCommand } from './dependencyCommand';
import { registerStepCommands } from './stepCommands';

/** The cell commands of the context menu (in the palette too). */
const CELL_COMMANDS = [
  CommandIDs.makeStep,
  CommandIDs.joinStepAbove,
  CommandIDs.setStepDependencies,
  CommandIDs.toggleSkip,
  CommandIDs.toggleImports,
  CommandIDs.toggleParameters,
  CommandIDs.toggleMetrics,
  CommandIDs.removeFromPipeline
];

/** Marking cells as pipeline steps, and the pipeline and its run shown on the cells. */
export const cellsPlugin: JupyterFrontEndPlugin<void> = {
  id: 'cellpipe:cells',
  description: 'Cellpipe: cell commands and cell decorations.',
  autoStart: true,
  requires: [INotebookTracker, IPipelineRegistry],
  optional: [ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    registry: PipelineRegistry,
    palette: ICommandPalette | null
  ) => {
    registerStepCommands(app.commands, tracker);
    registerCellCommands(app.commands, tracker);
    registerDependencyCommand(app.commands, tracker, registry);
    for (const command of CELL_COMMANDS) {
      palette?.addItem({ command, category: 'Cellpipe' });
    }
    decorateNotebooks(registry, tracker);
    tracker.widgetAdded.connect((_, panel) => selectOnRightClick(panel));
    tracker.forEach(selectOnRightClick);
  }
};

/**
 * Right-clicking a code cell that is not selected selects it first, so the
 * cell commands of the context menu act on the cell under the mouse
 * (JupyterLab 4.6 does this for the prompt, not for the editor).
 */
function selectOnRightClick(panel: NotebookPanel): void {
  const notebook = panel.content;
  const onContextMenu = (event: MouseEvent) => {
    const index = notebook.widgets.findIndex(c =>
      c.node.contains(event.target as Node)
    );
    const cell = notebook.widgets[index];
    if (
      !event.shiftKey &&
      cell?.model.type === 'code' &&
      !notebook.isSelectedOrActive(cell)
    ) {
      notebook.deselectAll();
      notebook.activeCellIndex = index;
    }
  };
  notebook.node.addEventListener('contextmenu', onContextMenu, true);
  panel.disposed.connect(() =>
    notebook.node.removeEventListener('contextmenu', onContextMenu, true)
  );
}

/** Every open notebook's cells show its pipeline (see CellDecorator). */
function decorateNotebooks(
  registry: PipelineRegistry,
  tracker: INotebookTracker
): void {
  const decorated = new WeakSet<NotebookPipeline>();
  const decorate = (pipeline: NotebookPipeline | null) => {
    if (!pipeline || decorated.has(pipeline)) {
      return;
    }
    decorated.add(pipeline);
    const decorator = new CellDecorator(pipeline);
    pipeline.panel.disposed.connect(() => decorator.dispose());
  };
  registry.added.connect((_, pipeline) => decorate(pipeline));
  tracker.forEach(panel => decorate(registry.get(panel)));
}
