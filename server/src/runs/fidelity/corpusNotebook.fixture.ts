import { readFileSync } from 'node:fs';

import { notebook, type ITestCell } from '../../testing/notebooks.js';

const CHECK_FUNCTION = new URL(
  '../../../src/runs/fidelity/fidelity_check.py',
  import.meta.url
);

/**
 * A corpus notebook in the percent format: `# %%` starts a cell, followed by
 * `step=NAME` (Cellpipe's mark) or `tags=a,b` (Kale's tags); `# %% check: a, b`
 * is the last cell, which prints a digest of those names. The digest
 * function is prepended as a `functions` cell, so every step has it.
 */
export function corpusNotebook(text: string): Record<string, unknown> {
  const cells: ITestCell[] = [checkFunctionCell()];
  for (const chunk of text.split(/^# %%/m).slice(1)) {
    const newline = chunk.indexOf('\n');
    const header = (newline < 0 ? chunk : chunk.slice(0, newline)).trim();
    const source = newline < 0 ? '' : chunk.slice(newline + 1).trimEnd();
    cells.push(cellOf(header, source));
  }
  return notebook(cells);
}

/** The `functions` cell that defines `_fidelity(**values)`, the digest printer. */
export function checkFunctionCell(): ITestCell {
  return { source: readFileSync(CHECK_FUNCTION, 'utf8'), tags: ['functions'] };
}

function cellOf(header: string, source: string): ITestCell {
  const check = /^check:\s*(.+)$/.exec(header);
  if (check) {
    const names = check[1].split(',').map(n => n.trim());
    return { source: `_fidelity(${names.map(n => `${n}=${n}`).join(', ')})` };
  }
  const step = /\bstep=(\S+)/.exec(header);
  const tags = /\btags=(\S+)/.exec(header);
  return {
    source,
    ...(step && { cellpipe: { step: step[1] } }),
    ...(tags && { tags: tags[1].split(',') })
  };
}
