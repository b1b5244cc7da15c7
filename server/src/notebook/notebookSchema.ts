import * as z from '../spec/zodMini.js';

/**
 * A lenient nbformat 4 reader: only what a pipeline needs is checked, and
 * whatever else a notebook carries is ignored rather than rejected.
 */
const Source = z.union([z.string(), z.array(z.string())]);

const CellSchema = z.object({
  cell_type: z.string(),
  id: z.optional(z.string()),
  source: z.optional(Source),
  metadata: z.optional(z.record(z.string(), z.unknown()))
});

export const NotebookSchema = z.object({
  nbformat: z.optional(z.number()),
  metadata: z.optional(z.record(z.string(), z.unknown())),
  cells: z.array(CellSchema)
});

export type NotebookJson = z.infer<typeof NotebookSchema>;
export type CellJson = z.infer<typeof CellSchema>;

/** A code cell as the pipeline sees it. */
export interface ICodeCell {
  /** nbformat 4.5 cell id, or `cell-<index>` for older notebooks. */
  id: string;
  /** Index among all cells (markdown too), as JupyterLab numbers them. */
  index: number;
  source: string;
  metadata: Record<string, unknown>;
  /** Set on cells a composed pipeline took from another notebook: its path, relative to the composing one. */
  notebook?: string;
  /** For those: the composing notebook's `notebook:` cell that brought it in. */
  via?: { id: string; index: number };
}

export function sourceText(source: string | string[] | undefined): string {
  if (source === undefined) {
    return '';
  }
  return Array.isArray(source) ? source.join('') : source;
}

/** The code cells, with ids made unique (copied notebooks can repeat ids). */
export function codeCells(notebook: NotebookJson): ICodeCell[] {
  const seen = new Set<string>();
  const cells: ICodeCell[] = [];
  notebook.cells.forEach((cell, index) => {
    if (cell.cell_type !== 'code') {
      return;
    }
    let id = cell.id && cell.id.length > 0 ? cell.id : `cell-${index}`;
    if (seen.has(id)) {
      id = `${id}-${index}`;
    }
    seen.add(id);
    cells.push({
      id,
      index,
      source: sourceText(cell.source),
      metadata: cell.metadata ?? {}
    });
  });
  return cells;
}
