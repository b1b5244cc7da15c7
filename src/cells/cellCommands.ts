import { Notification } from '@jupyterlab/apputils';
import type { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import type { CommandRegistry } from '@lumino/commands';

import { CommandIDs } from '../tokens';
import {
  canJoinStepAbove,
  hasRole,
  joinStepAbove,
  otherCellsChanged,
  removeFromPipeline,
  stepAbove,
  toggleRole
} from './cellEdits';
import { stepSettingsOf } from './cellMarkEdits';
import {
  isPipelineTag,
  ownMark,
  type CellRole,
  type ICellMarks
} from './cellMarks';
import {
  codeCellSelection,
  writeMarks,
  type ICodeCellSelection
} from './notebookCells';

type Edit = (marks: ICellMarks[], selected: number[]) => ICellMarks[];

/** The role toggles: command id, label, role. */
const ROLE_COMMANDS: ReadonlyArray<[string, string, CellRole, string]> = [
  [
    CommandIDs.toggleSkip,
    'Skip in pipeline',
    'skip',
    'Leave the selected cells out of the pipeline'
  ],
  [
    CommandIDs.toggleImports,
    'Mark as imports',
    'imports',
    'Run the selected cells first in every step (imports)'
  ],
  [
    CommandIDs.toggleParameters,
    'Mark as pipeline parameters',
    'parameters',
    'The selected cells assign the pipeline parameters'
  ],
  [
    CommandIDs.toggleMetrics,
    'Mark as pipeline metrics',
    'metrics',
    'The selected cells name the pipeline metrics'
  ]
];

function hasPipelineMarks(marks: ICellMarks): boolean {
  const s = stepSettingsOf(marks);
  return (
    marks.cellpipe !== undefined ||
    ownMark(marks) !== null ||
    s.after.length > 0 ||
    (marks.tags ?? []).some(isPipelineTag)
  );
}

interface ISelectionTools {
  selection(): [NotebookPanel, ICodeCellSelection] | null;
  /**
   * Applies a pure edit to the selected cells and writes back what changed;
   * a mark it had to add to another cell (to keep it where it was) is said.
   */
  apply(edit: Edit): void;
  /** A test of the current selection, false when there is none. */
  test(fn: (s: ICodeCellSelection) => boolean): () => boolean;
}

function selectionTools(tracker: INotebookTracker): ISelectionTools {
  const selection = (): [NotebookPanel, ICodeCellSelection] | null => {
    const panel = tracker.currentWidget;
    const sel = panel ? codeCellSelection(panel) : null;
    return panel && sel && sel.selected.length > 0 ? [panel, sel] : null;
  };
  return {
    selection,
    apply: edit => {
      const found = selection();
      if (found) {
        const [panel, sel] = found;
        const next = edit(sel.marks, sel.selected);
        writeMarks(panel, sel, next);
        sayOtherCells(panel, sel, next);
      }
    },
    test: fn => () => {
      const found = selection();
      return found !== null && fn(found[1]);
    }
  };
}

function sayOtherCells(
  panel: NotebookPanel,
  sel: ICodeCellSelection,
  next: readonly ICellMarks[]
): void {
  const others = otherCellsChanged(sel.marks, next, sel.selected).map(
    i => panel.content.widgets.indexOf(sel.cells[i]) + 1
  );
  if (others.length > 0) {
    const which =
      others.length === 1 ? `Cell ${others[0]}` : `Cells ${others.join(', ')}`;
    Notification.info(
      `${which} kept ${others.length === 1 ? 'its' : 'their'} place in the pipeline and now ${others.length === 1 ? 'carries' : 'carry'} a mark saying so (a cell without a mark continues the one above).`,
      { autoClose: 6000 }
    );
  }
}

/**
 * The cell commands of the "Pipeline" context submenu (besides "Make
 * pipeline step…" and "Depends on…"). Each reads the selected code cells,
 * applies a pure edit from `cells/cellEdits.ts` and writes back the cells
 * that changed, as one undoable change.
 */
export function registerCellCommands(
  commands: CommandRegistry,
  tracker: INotebookTracker
): void {
  const tools = selectionTools(tracker);
  addJoinCommand(commands, tools);
  for (const [id, label, role, caption] of ROLE_COMMANDS) {
    commands.addCommand(id, {
      label,
      caption,
      isEnabled: tools.test(() => true),
      isToggled: tools.test(s => hasRole(s.marks, s.selected, role)),
      execute: () => tools.apply((marks, sel) => toggleRole(marks, sel, role))
    });
  }
  commands.addCommand(CommandIDs.removeFromPipeline, {
    label: 'Remove from pipeline',
    caption:
      'Clear the Cellpipe metadata and Kale pipeline tags of the selected cells (other tags stay)',
    isEnabled: tools.test(s =>
      s.selected.some(i => hasPipelineMarks(s.marks[i]))
    ),
    execute: () => tools.apply(removeFromPipeline)
  });
}

function addJoinCommand(
  commands: CommandRegistry,
  tools: ISelectionTools
): void {
  commands.addCommand(CommandIDs.joinStepAbove, {
    label: () => {
      const found = tools.selection();
      const step = found ? stepAbove(found[1].marks, found[1].selected) : null;
      return step ? `Add to step above (${step})` : 'Add to step above';
    },
    caption:
      'The selected cells lose their step and role marks and continue the step above them',
    isEnabled: tools.test(s => canJoinStepAbove(s.marks, s.selected)),
    execute: () => tools.apply(joinStepAbove)
  });
}
