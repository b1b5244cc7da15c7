import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';

import {
  runFromToolbar,
  setSources,
  SHOTS,
  stepsNotebook,
  waitForCellStatuses
} from './pipelineHelpers';

test('a step importing a module its Python lacks is refused before anything runs, the problem on its cell; once fixed it runs', async ({
  page
}) => {
  await stepsNotebook(page, 'preflight.ipynb', [
    ['load', 'base = 2'],
    ['square', 'import cellpipe_no_such_module_zz\nsquare = base * base']
  ]);

  await runFromToolbar(page);
  // Refused at submit: a notification, no run, and the problem on the importing cell.
  await expect(
    page.getByText(/The pipeline was not run: 1 problem/)
  ).toBeVisible({ timeout: 20_000 });
  const cell = await page.notebook.getCellLocator(1);
  const problem = cell!.locator('.jp-cellpipe-CellProblem-error');
  await expect(problem).toContainText('cellpipe_no_such_module_zz');
  await expect(
    page.locator('#cellpipe-pipelines .jp-cellpipe-RunItem')
  ).toHaveCount(0);
  await page.screenshot({ path: path.join(SHOTS, 'preflight-refused.png') });

  await setSources(page, [null, 'import json\nsquare = base * base']);
  await page.notebook.save();
  await expect(problem).toHaveCount(0, { timeout: 20_000 });
  await runFromToolbar(page);
  await waitForCellStatuses(page, ['succeeded', 'succeeded']);
});
