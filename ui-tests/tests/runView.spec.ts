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

const openNotebook = '.jp-NotebookPanel:not(.lm-mod-hidden)';

test.describe('the run view and state that stays current', () => {
  // Wide enough for the notebook toolbar's Run button beside a run tab.
  test.use({ viewport: { width: 1600, height: 1000 } });
  test('timeline with a cached step, outputs per step, n of m done; an edited cell says its status is old; the open run tab follows the next run', async ({
    page
  }) => {
    test.setTimeout(240_000);
    await notebookWithCells(page, 'timeline.ipynb', [
      'import time\nrows = list(range(5))\nprint("loaded", len(rows), "rows")',
      'time.sleep(1.5)\ntotal = sum(rows)\nprint("total", total)',
      'time.sleep(0.5)\nprint("report:", total * 2)'
    ]);
    await markSteps(page, [
      [0, 'load'],
      [1, 'train'],
      [2, 'report']
    ]);
    await page.notebook.save();
    await runFromToolbar(page);
    await waitForCellStatuses(page, ['succeeded', 'succeeded', 'succeeded']);

    await page.sidebar.openTab('cellpipe-pipelines');
    const rows = page.locator('#cellpipe-pipelines .jp-cellpipe-RunRow');
    await rows.first().locator('.jp-cellpipe-RunItem').click();
    const view = page.locator('.jp-cellpipe-RunView:visible');
    await expect(view.locator('.jp-cellpipe-RunHeader h2')).toHaveText(
      'timeline'
    );
    await expect(view.locator('.jp-cellpipe-RunProgress')).toHaveText(
      '3 of 3 done'
    );
    const firstRunId = await view
      .locator('.jp-cellpipe-RunHeader h2')
      .getAttribute('title');

    // Edit the train cell: its chip says the status is from before the edit.
    await page.locator('.lm-TabBar-tab', { hasText: 'timeline.ipynb' }).click();
    await setSources(page, [
      null,
      'time.sleep(1.5)\ntotal = sum(rows) + 1\nprint("total", total)'
    ]);
    const trainChip = page
      .locator(`${openNotebook} .jp-CodeCell`)
      .nth(1)
      .locator('.jp-cellpipe-Chip');
    await expect(trainChip).toHaveClass(/jp-cellpipe-Chip-stale/);
    await expect(trainChip).toContainText('before edit');
    await expect(
      page
        .locator(`${openNotebook} .jp-CodeCell`)
        .nth(0)
        .locator('.jp-cellpipe-Chip')
    ).not.toContainText('before edit');
    await page.screenshot({
      path: path.join(SHOTS, 'stale-chip-after-edit.png')
    });

    // Run again (load is reused from the cache): the open run tab follows.
    await page.notebook.save();
    await runFromToolbar(page);
    await waitForCellStatuses(page, ['cached', 'succeeded', 'succeeded']);
    await expect(trainChip).not.toContainText('before edit');
    await page.locator('.lm-TabBar-tab', { hasText: /^timeline \(/ }).click();
    await expect(view.locator('.jp-cellpipe-RunHeader h2')).not.toHaveAttribute(
      'title',
      firstRunId ?? ''
    );
    await expect(view.locator('.jp-cellpipe-RunProgress')).toHaveText(
      '3 of 3 done (1 cached)'
    );
    const timeline = view.locator('.jp-cellpipe-Timeline');
    await expect(
      timeline.locator('.jp-cellpipe-Timeline-row', { hasText: 'load' })
    ).toContainText('cached from');
    await expect(
      timeline.locator('.jp-cellpipe-Timeline-row', { hasText: 'train' })
    ).toContainText(/ran (1\.[5-9]|[2-9](\.\d)?|\d{2,}(\.\d)?) s/); // its 1.5 s sleep, or more on a busy machine
    await timeline
      .locator('.jp-cellpipe-Timeline-row', { hasText: 'train' })
      .click();
    await expect(
      view.getByRole('region', { name: 'Outputs of train' })
    ).toContainText('total 11');
    await page.screenshot({ path: path.join(SHOTS, 'run-view-timeline.png') });
    await view.locator('.jp-cellpipe-Timeline').screenshot({
      path: path.join(SHOTS, 'run-timeline-cached-step.png')
    });

    // Pinned, the tab stays on its run.
    await view.getByRole('button', { name: 'Pin' }).click();
    const pinnedOn = await view
      .locator('.jp-cellpipe-RunHeader h2')
      .getAttribute('title');
    await page.locator('.lm-TabBar-tab', { hasText: 'timeline.ipynb' }).click();
    await runFromToolbar(page);
    await waitForCellStatuses(page, ['cached', 'cached', 'cached']);
    await page.locator('.lm-TabBar-tab', { hasText: /^timeline \(/ }).click();
    await expect(view.locator('.jp-cellpipe-RunHeader h2')).toHaveAttribute(
      'title',
      pinnedOn ?? ''
    );
    await expect(view.getByRole('button', { name: 'Pinned' })).toBeVisible();
  });

  test('a cycle: the run dialog says it and keeps Run off; fixed in the notebook, it leaves Problems without a run', async ({
    page
  }) => {
    await notebookWithCells(page, 'cycle.ipynb', ['a = 1', 'b = 2']);
    await page.evaluate(() => {
      const app = (window as any).jupyterapp;
      const cells = app.shell.currentWidget.content.widgets;
      cells[0].model.setMetadata('cellpipe', {
        step: 'first',
        after: ['second']
      });
      cells[1].model.setMetadata('cellpipe', {
        step: 'second',
        after: ['first']
      });
    });
    await page.sidebar.openTab('cellpipe-pipelines');
    const problems = page.locator('#cellpipe-pipelines .jp-cellpipe-Problem');
    await expect(problems.filter({ hasText: /cycle/i })).toHaveCount(1, {
      timeout: 20_000
    });
    // The run dialog says why and keeps Run off.
    await page
      .locator('.jp-NotebookPanel-toolbar')
      .getByRole('button', { name: /Run pipeline/ })
      .click();
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toContainText(/cycle/);
    await expect(dialog.getByRole('button', { name: 'Run' })).toBeDisabled();
    await page.screenshot({ path: path.join(SHOTS, 'run-dialog-blocked.png') });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.screenshot({ path: path.join(SHOTS, 'cycle-problem.png') });
    await page.evaluate(() => {
      const app = (window as any).jupyterapp;
      const cells = app.shell.currentWidget.content.widgets;
      cells[1].model.setMetadata('cellpipe', { step: 'second' });
    });
    await expect(problems.filter({ hasText: /cycle/i })).toHaveCount(0, {
      timeout: 20_000
    });
    await page.screenshot({ path: path.join(SHOTS, 'cycle-fixed-no-run.png') });
  });
});
