import type { IJupyterLabPageFixture } from '@jupyterlab/galata';

/**
 * Writes a notebook of code cells (each with its Cellpipe marks) through the
 * contents API and opens it: building a big notebook cell by cell in the
 * page takes longer than the benchmark on a busy machine.
 */
export async function openNotebookFile(
  page: IJupyterLabPageFixture,
  path: string,
  cells: Array<{ source: string; step?: string }>
): Promise<void> {
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: {
        name: 'python3',
        display_name: 'Python 3',
        language: 'python'
      }
    },
    cells: cells.map((cell, i) => ({
      cell_type: 'code',
      id: `cell-${i}`,
      source: cell.source,
      metadata: cell.step ? { cellpipe: { step: cell.step } } : {},
      outputs: [],
      execution_count: null
    }))
  };
  await page.contents.uploadContent(JSON.stringify(notebook), 'text', path);
  await page.evaluate(
    file =>
      (window as any).jupyterapp.commands.execute('docmanager:open', {
        path: file
      }),
    path
  );
}
