import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';

import {
  markSteps,
  notebookWithCells,
  runFromToolbar,
  setSources,
  SHOTS,
  waitForCellStatuses
} from './pipelineHelpers';

test.describe('comparing the code of runs', () => {
  test.use({ viewport: { width: 1600, height: 1000 } });

  test('a step edited between two runs shows as a line diff (light and dark); a run renamed from the runs list', async ({
    page
  }) => {
    test.setTimeout(180_000);
    await notebookWithCells(page, 'compare-code.ipynb', [
      'data = [3, 1, 2]',
      'total = sum(data)\nscale = 2\nresult = total * scale\nprint("result", result)'
    ]);
    await markSteps(page, [
      [0, 'load'],
      [1, 'train']
    ]);
    await page.notebook.save();
    await runFromToolbar(page);
    await waitForCellStatuses(page, ['succeeded', 'succeeded']);
    await setSources(page, [
      null,
      'total = sum(data)\nscale = 3\nresult = total * scale\nprint("result", result)\nprint("done")'
    ]);
    await page.notebook.save();
    await runFromToolbar(page);

    await page.sidebar.openTab('cellpipe-pipelines');
    const panel = page.locator('#cellpipe-pipelines');
    const rows = panel.locator('.jp-cellpipe-RunRow');
    await expect(rows).toHaveCount(2, { timeout: 20_000 });
    await expect(rows.first()).toContainText('succeeded', { timeout: 60_000 });

    // Rename the newer run from its row's context menu.
    await rows
      .first()
      .locator('.jp-cellpipe-RunItem')
      .click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Rename Run…' }).click();
    const rename = page.locator('.jp-Dialog');
    await rename.locator('input').fill('scale three');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await expect(rows.first()).toContainText('scale three', {
      timeout: 10_000
    });

    await rows.nth(0).getByRole('checkbox').check();
    await rows.nth(1).getByRole('checkbox').check();
    await panel.getByRole('button', { name: 'Compare 2 runs' }).click();
    const view = page.locator('.jp-cellpipe-ComparePage');
    const code = view.locator('.jp-cellpipe-CompareCode', {
      hasText: 'Code of train'
    });
    await expect(code).toBeVisible({ timeout: 20_000 });
    const lines = code.locator('.jp-cellpipe-LineDiff-line');
    const kinds = await lines.evaluateAll(ls =>
      ls.map(l => [
        l.getAttribute('data-kind'),
        l.querySelector('.jp-cellpipe-LineDiff-text')?.textContent
      ])
    );
    expect(kinds).toEqual([
      ['same', 'total = sum(data)'],
      ['removed', 'scale = 2'],
      ['added', 'scale = 3'],
      ['same', 'result = total * scale'],
      ['same', 'print("result", result)'],
      ['added', 'print("done")']
    ]);
    await expect(code.locator('.jp-cellpipe-CompareCode-runs')).toContainText(
      '→ scale three · +2 −1 lines'
    );
    // The unchanged step has no diff.
    await expect(
      view.locator('.jp-cellpipe-CompareCode', { hasText: 'Code of load' })
    ).toHaveCount(0);
    await code.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: path.join(SHOTS, 'compare-code-diff-light.png')
    });
    await page.theme.setDarkTheme();
    await code.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: path.join(SHOTS, 'compare-code-diff-dark.png')
    });
    await page.theme.setLightTheme();
  });
});
