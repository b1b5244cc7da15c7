import type { CellOutput, ICellOutputs } from '../contract/wire.js';

interface INotebookCell {
  cell_type?: unknown;
  id?: unknown;
  outputs?: unknown;
  execution_count?: unknown;
  [key: string]: unknown;
}

/**
 * The notebook with each code cell's outputs from a run, as papermill's
 * output notebook: a cell shows what it printed and displayed in the run
 * (a cell run by several steps, like an imports cell, shows its first
 * step's), a cell the run did not reach shows nothing, never stale kernel
 * outputs. Pure: the caller reads and writes the files.
 */
export function notebookWithOutputs(
  notebook: unknown,
  cells: readonly ICellOutputs[],
  runId: string
): unknown {
  const nb = notebook as { cells?: INotebookCell[]; metadata?: object };
  const byCell = new Map<string, CellOutput[]>();
  for (const cell of cells) {
    if (!byCell.has(cell.cellId)) {
      byCell.set(cell.cellId, cell.outputs);
    }
  }
  return {
    ...nb,
    metadata: { ...(nb.metadata ?? {}), cellpipe_run: { id: runId } },
    cells: (nb.cells ?? []).map(cell =>
      cell.cell_type === 'code'
        ? {
            ...cell,
            execution_count: null,
            outputs: byCell.get(String(cell.id)) ?? []
          }
        : cell
    )
  };
}
