/** Builds nbformat 4 notebooks for tests, one line per cell. */
export interface ITestCell {
  source: string;
  type?: 'code' | 'markdown' | 'raw';
  tags?: string[];
  cellpipe?: Record<string, unknown>;
  id?: string;
}

export type CellSpec = string | ITestCell;

export function notebook(
  cells: CellSpec[],
  pipeline?: unknown
): Record<string, unknown> {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: pipeline === undefined ? {} : { cellpipe: { pipeline } },
    cells: cells.map((spec, i) => {
      const cell = typeof spec === 'string' ? { source: spec } : spec;
      const metadata: Record<string, unknown> = {};
      if (cell.tags) {
        metadata.tags = cell.tags;
      }
      if (cell.cellpipe) {
        metadata.cellpipe = cell.cellpipe;
      }
      return {
        cell_type: cell.type ?? 'code',
        id: cell.id ?? `c${i}`,
        metadata,
        source: cell.source,
        ...(cell.type === 'markdown' || cell.type === 'raw'
          ? {}
          : { outputs: [], execution_count: null })
      };
    })
  };
}

/** A cell that starts step `name` (Cellpipe metadata). */
export function step(
  name: string,
  source: string,
  extra: Record<string, unknown> = {}
): ITestCell {
  return { source, cellpipe: { step: name, ...extra } };
}
