import type { Cell } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';

import {
  CELL_METADATA_KEY,
  readMarks,
  TAGS_KEY,
  type ICellMarks
} from './cellMarks';

/**
 * The thin shell between the pure cell edits and a notebook: the marks of
 * its code cells, the selection as indices among them, and writing back.
 */
export interface ICodeCellSelection {
  cells: Cell[];
  marks: ICellMarks[];
  /** Indices (into `cells`) of the selected code cells, or the active one. */
  selected: number[];
}

export function codeCellSelection(panel: NotebookPanel): ICodeCellSelection {
  const notebook = panel.content;
  const cells = notebook.widgets.filter(c => c.model.type === 'code');
  return {
    cells,
    marks: cells.map(c =>
      readMarks(
        c.model.getMetadata(CELL_METADATA_KEY),
        c.model.getMetadata(TAGS_KEY)
      )
    ),
    selected: cells
      .map((c, i) => (notebook.isSelectedOrActive(c) ? i : -1))
      .filter(i => i >= 0)
  };
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function write(cell: Cell, key: string, value: unknown): void {
  if (value === undefined) {
    cell.model.deleteMetadata(key);
  } else {
    cell.model.setMetadata(key, value);
  }
}

/** Writes the marks that changed, as one undoable change of the notebook. */
export function writeMarks(
  panel: NotebookPanel,
  selection: ICodeCellSelection,
  next: readonly ICellMarks[]
): void {
  const apply = () =>
    selection.cells.forEach((cell, i) => {
      const before = selection.marks[i];
      const after = next[i];
      if (!same(before.cellpipe, after.cellpipe)) {
        write(cell, CELL_METADATA_KEY, after.cellpipe);
      }
      if (!same(before.tags, after.tags)) {
        write(cell, TAGS_KEY, after.tags);
      }
    });
  const shared = panel.content.model?.sharedModel;
  if (shared) {
    shared.transact(apply);
  } else {
    apply();
  }
}
