import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';

import {
  markSteps,
  notebookWithCells,
  SHOTS,
  waitForCellStatuses
} from './pipelineHelpers';

test.describe('comparing runs', () => {
  test.use({ viewport: { width: 1600, height: 1000 } });

  test('two runs with a changed parameter: the difference marked, both metric values on a chart with an axis (light and dark)', async ({
    page
  }) => {
    test.setTimeout(180_000);
    await notebookWithCells(page, 'compare.ipynb', [
      'lr = 0.1',
      'accuracy = round(0.7 + lr / 2, 3)\nprint("accuracy", accuracy)',
      'accuracy'
    ]);
    await page.evaluate(() => {
      const app = (window as any).jupyterapp;
      const cells = app.shell.currentWidget.content.widgets;
      cells[0].model.setMetadata('tags', ['pipeline-parameters']);
      cells[2].model.setMetadata('tags', ['pipeline-metrics']);
    });
    await markSteps(page, [[1, 'train']]);
    await page.notebook.save();
    const runWith = async (lr: string | null) => {
      await page
        .locator('.jp-NotebookPanel-toolbar')
        .getByRole('button', { name: /Run pipeline/ })
        .click();
      const dialog = page.locator('.jp-Dialog');
      if (lr !== null) {
        await dialog.getByLabel(/^lr/).fill(lr);
      }
      await dialog.getByRole('button', { name: 'Run' }).click();
      await expect(dialog).toHaveCount(0);
    };
    await runWith(null);
    await waitForCellStatuses(page, ['none', 'succeeded', 'none']);
    await runWith('0.5');
    await page.sidebar.openTab('cellpipe-pipelines');
    const panel = page.locator('#cellpipe-pipelines');
    const rows = panel.locator('.jp-cellpipe-RunRow');
    await expect(rows).toHaveCount(2, { timeout: 20_000 });
    await expect(rows.first()).toContainText('succeeded', { timeout: 60_000 });

    await rows.nth(0).getByRole('checkbox').check();
    await rows.nth(1).getByRole('checkbox').check();
    await panel.getByRole('button', { name: 'Compare 2 runs' }).click();
    const view = page.locator('.jp-cellpipe-ComparePage');
    const lrRow = view
      .getByRole('region', { name: 'Parameters' })
      .locator('tbody tr', { hasText: 'lr' });
    await expect(lrRow).toHaveAttribute('data-differs', 'true');
    await expect(lrRow).toContainText('0.1');
    await expect(lrRow).toContainText('0.5');
    const metric = view
      .getByRole('region', { name: 'Metrics' })
      .locator('tbody tr', { hasText: 'accuracy' });
    await expect(metric).toContainText('0.75');
    await expect(metric).toContainText('0.95');
    const chart = view.locator('.jp-cellpipe-CompareChart svg');
    await expect(chart.locator('rect')).toHaveCount(2);
    await expect(
      chart.locator('.jp-cellpipe-CompareChart-tick')
    ).not.toHaveCount(0);
    await page.screenshot({ path: path.join(SHOTS, 'compare-runs-light.png') });
    await page.theme.setDarkTheme();
    await page.screenshot({ path: path.join(SHOTS, 'compare-runs-dark.png') });
    await page.theme.setLightTheme();
  });
});
