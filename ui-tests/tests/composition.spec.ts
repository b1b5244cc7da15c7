import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';

import { runFromToolbar, SHOTS } from './pipelineHelpers';

/** Kale's own composition example (server/test/kale-notebooks/examples/composition/). */
const KALE = path.resolve(
  __dirname,
  '..',
  '..',
  'server',
  'test',
  'kale-notebooks',
  'examples',
  'composition'
);

test.describe("Kale's notebook composition in JupyterLab", () => {
  test('main_mixed.ipynb shows the steps of its three notebooks, runs them, and colours its notebook: cells', async ({
    page,
    tmpPath
  }) => {
    for (const name of [
      'main_mixed',
      'notebook_a',
      'notebook_b',
      'notebook_c'
    ]) {
      await page.contents.uploadFile(
        path.join(KALE, `${name}.ipynb`),
        `${tmpPath}/${name}.ipynb`
      );
    }
    await page.filebrowser.open(`${tmpPath}/main_mixed.ipynb`);
    // A Kale notebook names no kernel: JupyterLab asks which one.
    await page
      .locator('.jp-Dialog')
      .getByRole('button', { name: 'Select' })
      .click();
    await page.sidebar.openTab('cellpipe-pipelines');
    const panel = page.locator('#cellpipe-pipelines');
    // 4 + 4 + 4 steps from the referenced notebooks, then its own `final`.
    await expect(panel.locator('.jp-cellpipe-StepNode')).toHaveCount(13, {
      timeout: 30_000
    });
    const cells = page.locator(
      '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-CodeCell'
    );
    await expect(cells.nth(0).locator('.jp-cellpipe-Chip')).toContainText(
      'notebook_a.ipynb · 4 steps'
    );

    await runFromToolbar(page);
    for (const i of [0, 1, 2, 3]) {
      await expect(cells.nth(i).locator('.jp-cellpipe-Chip')).toContainText(
        'succeeded',
        { timeout: 120_000 }
      );
    }
    await page.screenshot({
      path: path.join(SHOTS, 'composition-main-mixed.png')
    });
  });
});
