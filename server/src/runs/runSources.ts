/**
 * The source of each code cell of a notebook snapshot, by nbformat cell id
 * (nbformat keeps a source as one string or a list of lines). Cells without
 * an id are left out: nothing on the frontend could match them.
 */
export function codeCellSources(notebook: unknown): Record<string, string> {
  const cells = (notebook as { cells?: unknown } | null)?.cells;
  const out: Record<string, string> = {};
  if (!Array.isArray(cells)) {
    return out;
  }
  for (const cell of cells as Array<Record<string, unknown>>) {
    if (cell?.cell_type === 'code' && typeof cell.id === 'string') {
      const source = cell.source;
      out[cell.id] = Array.isArray(source)
        ? source.join('')
        : typeof source === 'string'
          ? source
          : '';
    }
  }
  return out;
}

/** Each step's code as a run received it: its cells' sources, joined by a blank line. */
export function stepCode(
  notebook: unknown,
  steps: readonly { name: string; cells: readonly { id: string }[] }[]
): Record<string, string> {
  const sources = codeCellSources(notebook);
  return Object.fromEntries(
    steps.map(s => [s.name, s.cells.map(c => sources[c.id] ?? '').join('\n\n')])
  );
}
