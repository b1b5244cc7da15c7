import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';

import {
  markSteps,
  notebookWithCells,
  runFromToolbar,
  SHOTS,
  waitForCellStatuses
} from './pipelineHelpers';

test.describe('a run’s outputs on the notebook’s cells', () => {
  test('a printed line, a DataFrame table and a matplotlib plot land on their cells, marked with the run', async ({
    page
  }) => {
    await notebookWithCells(page, 'outputs.ipynb', [
      'import pandas as pd\nimport matplotlib.pyplot as plt\nrows = [1, 2, 3, 4]\nprint("loaded", len(rows), "rows")',
      'df = pd.DataFrame({"x": rows, "y": [r * r for r in rows]})\ndf',
      'plt.figure(figsize=(4, 2.5))\nplt.plot(df.x, df.y, marker="o")\nplt.title("y = x²")\nplt.show()'
    ]);
    // Stale kernel output the run must not sit under.
    await page.evaluate(() => {
      const app = (window as any).jupyterapp;
      const cell = app.shell.currentWidget.content.widgets[0];
      cell.model.outputs.add({
        output_type: 'stream',
        name: 'stdout',
        text: 'old kernel output\n'
      });
    });
    await markSteps(page, [
      [0, 'load'],
      [1, 'table'],
      [2, 'plot']
    ]);
    await page.notebook.save();
    await runFromToolbar(page);
    await waitForCellStatuses(page, ['succeeded', 'succeeded', 'succeeded']);

    const notebook = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden)');
    const cells = notebook.locator('.jp-CodeCell');
    const runOutputs = cells.locator('.jp-cellpipe-RunOutputs');
    await expect(runOutputs).toHaveCount(3, { timeout: 20_000 });
    await expect(cells.nth(0).locator('.jp-cellpipe-RunOutputs')).toContainText(
      'loaded 4 rows'
    );
    await expect(cells.nth(0).getByText('old kernel output')).toBeHidden();
    await expect(
      cells.nth(1).locator('.jp-cellpipe-RunOutputs table')
    ).toBeVisible();
    await expect(
      cells.nth(2).locator('.jp-cellpipe-RunOutputs img')
    ).toBeVisible();
    await expect(runOutputs.first()).toContainText('Outputs of run “outputs”');
    await page.screenshot({
      path: path.join(SHOTS, 'run-outputs-on-cells.png')
    });

    await cells
      .nth(0)
      .getByRole('button', { name: 'Show kernel outputs' })
      .click();
    await expect(cells.nth(0).getByText('old kernel output')).toBeVisible();
    await expect(
      cells.nth(2).locator('.jp-cellpipe-RunOutputs img')
    ).toBeHidden();
    await page.screenshot({
      path: path.join(SHOTS, 'run-outputs-back-to-kernel.png')
    });
    await cells
      .nth(0)
      .getByRole('button', { name: 'Show run outputs' })
      .click();
    await expect(
      cells.nth(2).locator('.jp-cellpipe-RunOutputs img')
    ).toBeVisible();
  });
});
