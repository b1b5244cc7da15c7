import type { NotebookPanel } from '@jupyterlab/notebook';

/** Makes `cellIds` the notebook's selection, the first one active, and scrolls to it. */
export function selectCells(
  panel: NotebookPanel,
  cellIds: readonly string[]
): boolean {
  const notebook = panel.content;
  const wanted = new Set(cellIds);
  const cells = notebook.widgets.filter(c => wanted.has(c.model.id));
  if (cells.length === 0) {
    return false;
  }
  notebook.mode = 'command';
  notebook.activeCellIndex = notebook.widgets.indexOf(cells[0]);
  notebook.deselectAll();
  for (const cell of cells) {
    notebook.select(cell);
  }
  void notebook.scrollToCell(cells[0], 'start');
  return true;
}

/** Selects the cell a problem points at, by id or else by index. */
export function selectProblemCell(
  panel: NotebookPanel,
  cellId: string | undefined,
  cellIndex: number | undefined
): boolean {
  if (cellId !== undefined && selectCells(panel, [cellId])) {
    return true;
  }
  const cell =
    cellIndex !== undefined ? panel.content.widgets[cellIndex] : undefined;
  return cell ? selectCells(panel, [cell.model.id]) : false;
}
