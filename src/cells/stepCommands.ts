import { INotebookTracker } from '@jupyterlab/notebook';
import { CommandRegistry } from '@lumino/commands';

import { CommandIDs } from '../tokens';
import { askStepName } from './askStepName';
import { makeStep } from './cellEdits';
import { stepNameOf } from './cellMarks';
import { codeCellSelection, writeMarks } from './notebookCells';
import { stepNameProblem } from './stepName';
import { stepNameClash } from './stepNameClash';

/** Registers "Make pipeline step…": names the selected code cells as one step. */
export function registerStepCommands(
  commands: CommandRegistry,
  tracker: INotebookTracker
): void {
  const hasCodeSelection = () => {
    const panel = tracker.currentWidget;
    return panel !== null && codeCellSelection(panel).selected.length > 0;
  };

  commands.addCommand(CommandIDs.makeStep, {
    label: 'Make pipeline step…',
    caption: 'Name the selected code cells as one step of the pipeline',
    isEnabled: hasCodeSelection,
    execute: async args => {
      const panel = tracker.currentWidget;
      if (!panel) {
        return;
      }
      const { marks, selected } = codeCellSelection(panel);
      const current = selected.map(i => stepNameOf(marks[i])).find(Boolean);
      const given = typeof args.name === 'string' ? args.name : null;
      const clash = (n: string) => stepNameClash(marks, selected, n);
      // A name passed by a caller is used as is only when it is valid.
      const name =
        given !== null &&
        stepNameProblem(given) === null &&
        clash(given) === null
          ? given
          : await askStepName(given ?? current ?? '', clash);
      if (name === null || panel.isDisposed) {
        return;
      }
      // Read again: the notebook may have changed while the dialog was open.
      const now = codeCellSelection(panel);
      writeMarks(panel, now, makeStep(now.marks, now.selected, name));
    }
  });
}
