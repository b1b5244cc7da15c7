import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { CommandRegistry } from '@lumino/commands';

import { CELL_METADATA_KEY, stepOf, withStep } from '../cells/cellMetadata';
import { stepNameProblem } from '../cells/stepName';
import { askStepName } from './askStepName';
import { CommandIds } from './commandIds';

/** The selected code cells of a notebook (the active one when none is selected). */
function selectedCodeCells(panel: NotebookPanel) {
  const notebook = panel.content;
  return notebook.widgets.filter(
    cell => cell.model.type === 'code' && notebook.isSelectedOrActive(cell)
  );
}

/** Registers the cell-level commands that edit `metadata.cellpipe`. */
export function registerStepCommands(
  commands: CommandRegistry,
  tracker: INotebookTracker
): void {
  const hasCodeSelection = () => {
    const panel = tracker.currentWidget;
    return panel !== null && selectedCodeCells(panel).length > 0;
  };

  commands.addCommand(CommandIds.makeStep, {
    label: 'Make pipeline step…',
    caption: 'Name the selected code cells as one step of the pipeline',
    isEnabled: hasCodeSelection,
    execute: async args => {
      const panel = tracker.currentWidget;
      if (!panel) {
        return;
      }
      const cells = selectedCodeCells(panel);
      const current = cells
        .map(c => stepOf(c.model.getMetadata(CELL_METADATA_KEY)))
        .find(Boolean);
      const given = typeof args.name === 'string' ? args.name : null;
      // A name passed by a caller is used as is only when it is valid.
      const name =
        given !== null && stepNameProblem(given) === null
          ? given
          : await askStepName(given ?? current ?? '');
      if (name === null) {
        return;
      }
      for (const cell of cells) {
        const value = cell.model.getMetadata(CELL_METADATA_KEY);
        cell.model.setMetadata(CELL_METADATA_KEY, withStep(value, name));
      }
    }
  });
}
