import { Notification } from '@jupyterlab/apputils';
import type { INotebookTracker } from '@jupyterlab/notebook';
import type { CommandRegistry } from '@lumino/commands';

import type { PipelineRegistry } from '../pipelines/PipelineRegistry';
import { CommandIDs } from '../tokens';
import { askDependencies } from './askDependencies';
import { codeCellSelection, writeMarks } from './notebookCells';
import {
  dependencyChoices,
  explicitAfter,
  stepNames,
  stepOfCell,
  withStepAfter
} from './stepDependencies';

/** "Depends on…": explicit `after` edges of the selected cell's step. */
export function registerDependencyCommand(
  commands: CommandRegistry,
  tracker: INotebookTracker,
  registry: PipelineRegistry
): void {
  const selectedStep = () => {
    const panel = tracker.currentWidget;
    const sel = panel ? codeCellSelection(panel) : null;
    const first = sel?.selected[0];
    return sel && first !== undefined ? stepOfCell(sel.marks, first) : null;
  };

  commands.addCommand(CommandIDs.setStepDependencies, {
    label: 'Depends on…',
    caption:
      'Choose steps this step runs after, besides those whose data it uses',
    isEnabled: () => selectedStep() !== null,
    execute: async () => {
      const panel = tracker.currentWidget;
      const step = selectedStep();
      if (!panel || !step) {
        return;
      }
      const sel = codeCellSelection(panel);
      const choices = dependencyChoices(
        step,
        stepNames(sel.marks),
        explicitAfter(sel.marks, step),
        registry.get(panel)?.compile ?? null
      );
      if (choices.length === 0) {
        Notification.info(
          `"${step}" is the only step: make another step first.`,
          { autoClose: 5000 }
        );
        return;
      }
      const chosen = await askDependencies(step, choices);
      if (chosen === null || panel.isDisposed) {
        return;
      }
      // The notebook may have changed while the dialog was open: read it again.
      const now = codeCellSelection(panel);
      writeMarks(panel, now, withStepAfter(now.marks, step, chosen));
    }
  });
}
