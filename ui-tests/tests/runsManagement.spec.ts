import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';

import {
  markSteps,
  notebookWithCells,
  SHOTS,
  waitForCellStatuses
} from './pipelineHelpers';

test.describe('managing runs', () => {
  test('a named run, its tab title, rename the notebook and keep its runs, then delete one', async ({
    page,
    tmpPath
  }) => {
    await notebookWithCells(page, 'named.ipynb', ['x = 6 * 7\nprint(x)']);
    await markSteps(page, [[0, 'answer']]);
    await page.notebook.save();
    await page
      .locator('.jp-NotebookPanel-toolbar')
      .getByRole('button', { name: /Run pipeline/ })
      .click();
    const dialog = page.locator('.jp-Dialog');
    await dialog.getByLabel('Run name').fill('first answer');
    await page.screenshot({ path: path.join(SHOTS, 'run-dialog-name.png') });
    await dialog.getByRole('button', { name: 'Run' }).click();
    await waitForCellStatuses(page, ['succeeded']);

    await page.sidebar.openTab('cellpipe-pipelines');
    const panel = page.locator('#cellpipe-pipelines');
    const rows = panel.locator('.jp-cellpipe-RunRow');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('first answer');
    await rows.first().locator('.jp-cellpipe-RunItem').click();
    await expect(
      page.locator('.lm-TabBar-tab', { hasText: 'first answer (succeeded)' })
    ).toBeVisible();

    // Rename the notebook: its runs follow it.
    await page.evaluate(async dir => {
      const app = (window as any).jupyterapp;
      await app.serviceManager.contents.rename(
        `${dir}/named.ipynb`,
        `${dir}/renamed.ipynb`
      );
    }, tmpPath);
    await expect(
      page.locator('.lm-TabBar-tab', { hasText: 'renamed.ipynb' })
    ).toBeVisible();
    await page.locator('.lm-TabBar-tab', { hasText: 'renamed.ipynb' }).click();
    await expect(rows).toHaveCount(1, { timeout: 15_000 });
    await expect(rows.first()).toContainText('first answer');
    await page.screenshot({ path: path.join(SHOTS, 'runs-after-rename.png') });

    await rows
      .first()
      .getByRole('button', { name: /Delete run/ })
      .click();
    await expect(page.locator('.jp-Dialog')).toContainText(
      'Delete run “first answer”'
    );
    await page.screenshot({ path: path.join(SHOTS, 'run-delete-confirm.png') });
    await page
      .locator('.jp-Dialog')
      .getByRole('button', { name: 'Delete run' })
      .click();
    await expect(panel).toContainText('No runs yet.', { timeout: 15_000 });
    await page.screenshot({ path: path.join(SHOTS, 'run-deleted.png') });
  });
});
