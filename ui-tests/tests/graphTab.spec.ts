import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';

import { markSteps, notebookWithCells, SHOTS } from './pipelineHelpers';

test.describe('the graph with room', () => {
  test.use({ viewport: { width: 1600, height: 1000 } });

  test('open the graph as a main-area tab from the notebook toolbar: every step, a minimap, zoom buttons clear of the steps (light and dark)', async ({
    page
  }) => {
    await notebookWithCells(page, 'graph.ipynb', [
      'rows = list(range(10))',
      'train = rows[:8]\ntest = rows[8:]',
      'model = sum(train)',
      'score = model / (1 + sum(test))',
      'print(score)'
    ]);
    await markSteps(page, [
      [0, 'load'],
      [1, 'split'],
      [2, 'train'],
      [3, 'evaluate'],
      [4, 'report']
    ]);
    await page.notebook.save();
    await page
      .locator('.jp-NotebookPanel-toolbar')
      .getByRole('button', { name: 'Graph' })
      .click();
    const tab = page.locator('.jp-cellpipe-GraphView');
    await expect(
      page.locator('.lm-TabBar-tab', { hasText: 'Graph · graph.ipynb' })
    ).toBeVisible();
    await expect(tab.locator('.jp-cellpipe-StepNode')).toHaveCount(5, {
      timeout: 20_000
    });
    await expect(tab.locator('.react-flow__minimap')).toBeVisible();
    // The zoom buttons do not cover the last step.
    const controls = await tab.locator('.react-flow__controls').boundingBox();
    const last = await tab
      .locator('.jp-cellpipe-StepNode', { hasText: 'report' })
      .boundingBox();
    expect(controls && last).toBeTruthy();
    expect(
      last!.y + last!.height <= controls!.y ||
        last!.x >= controls!.x + controls!.width
    ).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'graph-tab-light.png') });
    await page.theme.setDarkTheme();
    await page.screenshot({ path: path.join(SHOTS, 'graph-tab-dark.png') });
    await page.theme.setLightTheme();
  });
});
