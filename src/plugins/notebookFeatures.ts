import type { NotebookPanel } from '@jupyterlab/notebook';

import { CellDecorator } from '../cells/CellDecorator';
import { registerCellCommands } from '../cells/cellCommands';
import { CommandIDs } from '../tokens';
import { registerDependencyCommand } from '../cells/dependencyCommand';
import { registerRunCommands } from '../pipelines/runCommands';
import type { NotebookPipeline } from '../pipelines/NotebookPipeline';
import type { ICellpipeContext } from './context';

/** Cell commands, cell decorations, the toolbar button and the run dialog. */
export function activateNotebookFeatures(context: ICellpipeContext): void {
  const { app, tracker, registry, palette } = context;
  registerCellCommands(app.commands, tracker);
  registerDependencyCommand(app.commands, tracker, registry);
  registerRunCommands(context);
  for (const command of [
    CommandIDs.makeStep,
    CommandIDs.joinStepAbove,
    CommandIDs.setStepDependencies,
    CommandIDs.toggleSkip,
    CommandIDs.toggleImports,
    CommandIDs.toggleParameters,
    CommandIDs.toggleMetrics,
    CommandIDs.removeFromPipeline
  ]) {
    palette?.addItem({ command, category: 'Cellpipe' });
  }
  decorateNotebooks(context);
  tracker.widgetAdded.connect((_, panel) => selectOnRightClick(panel));
  tracker.forEach(selectOnRightClick);
}

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
function decorateNotebooks({ registry, tracker }: ICellpipeContext): void {
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
