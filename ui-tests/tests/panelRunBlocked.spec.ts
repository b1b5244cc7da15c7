import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';

import { notebookWithCells, SHOTS } from './pipelineHelpers';

test("the panel's Run button is off with the reason while a cycle stands, and on again once it is fixed", async ({
  page
}) => {
  await notebookWithCells(page, 'panel-blocked.ipynb', ['a = 1', 'b = 2']);
  const setAfter = (after: string[]) =>
    page.evaluate(second => {
      const app = (window as any).jupyterapp;
      const cells = app.shell.currentWidget.content.widgets;
      cells[0].model.setMetadata('cellpipe', {
        step: 'first',
        after: ['second']
      });
      cells[1].model.setMetadata('cellpipe', { step: 'second', after: second });
    }, after);
  await setAfter(['first']);
  await page.sidebar.openTab('cellpipe-pipelines');
  const controls = page.locator('#cellpipe-pipelines .jp-cellpipe-RunControls');
  const run = controls.getByRole('button', { name: 'Run', exact: true });
  await expect(run).toBeDisabled({ timeout: 20_000 });
  const reason = controls.locator('.jp-cellpipe-RunControls-blocked');
  await expect(reason).toContainText(/Cannot run: .*cycle/i);
  await expect(run).toHaveAttribute('title', /Cannot run/);
  await page.screenshot({ path: path.join(SHOTS, 'panel-run-blocked.png') });
  await setAfter([]);
  await expect(run).toBeEnabled({ timeout: 20_000 });
  await expect(reason).toHaveCount(0);
});
