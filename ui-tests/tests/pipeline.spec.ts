import { expect, test } from './fixtures';
import * as path from 'path';

import {
  cellStatuses,
  makeStep,
  markSteps,
  notebookWithCells,
  runFromToolbar,
  setSources,
  SHOTS,
  stepsNotebook,
  waitForCellStatuses
} from './pipelineHelpers';

test.describe('building and running a pipeline in JupyterLab', () => {
  test('mark three steps from the context menu and see the graph with inferred edges', async ({
    page
  }) => {
    await notebookWithCells(page, 'three-steps.ipynb', [
      'numbers = list(range(10))',
      'total = sum(numbers)',
      'report = f"total is {total} of {len(numbers)}"'
    ]);
    await makeStep(page, 0, 'load');
    await makeStep(page, 1, 'add');
    await makeStep(page, 2, 'report');

    await page.sidebar.openTab('cellpipe-pipelines');
    const panel = page.locator('#cellpipe-pipelines');
    await expect(panel.locator('.jp-cellpipe-StepNode')).toHaveCount(3, {
      timeout: 20_000
    });
    await expect(panel.locator('.jp-cellpipe-StepNode-name')).toHaveText([
      'load',
      'add',
      'report'
    ]);
    const labels = panel.locator(
      '.react-flow__edge-text, .react-flow__edgelabel-renderer'
    );
    await expect(labels.filter({ hasText: 'numbers' }).first()).toBeVisible();
    await expect(labels.filter({ hasText: 'total' }).first()).toBeVisible();
    await page.screenshot({
      path: path.join(SHOTS, 'pipeline-graph-three-steps.png')
    });
  });

  test('run from the toolbar: cells and graph go from running to succeeded, logs and runs list follow', async ({
    page
  }) => {
    await stepsNotebook(page, 'run-me.ipynb', [
      ['load', 'import time\nvalues = [1, 2, 3]\nprint("loaded", len(values))'],
      [
        'square',
        'time.sleep(2)\nsquares = [v * v for v in values]\nprint("squares", squares)'
      ],
      ['total', 'print("sum of squares", sum(squares))']
    ]);

    await runFromToolbar(page);
    await expect
      .poll(() => cellStatuses(page), { timeout: 30_000 })
      .toContain('running');
    await page.screenshot({ path: path.join(SHOTS, 'pipeline-running.png') });
    await waitForCellStatuses(page, ['succeeded', 'succeeded', 'succeeded']);
    const panel = page.locator('#cellpipe-pipelines');
    await expect(
      panel.locator('.jp-cellpipe-StepNode[data-status="succeeded"]')
    ).toHaveCount(3);
    const runItem = panel.locator('.jp-cellpipe-RunItem').first();
    await expect(runItem).toContainText(/succeeded/i);
    await page.screenshot({ path: path.join(SHOTS, 'pipeline-succeeded.png') });

    await runItem.click();
    const runView = page.locator('.jp-cellpipe-RunView');
    await expect(runView).toBeVisible();
    await runView
      .locator('.jp-cellpipe-StepTab', { hasText: 'square' })
      .click();
    await expect(
      runView.locator('.jp-cellpipe-LogLine', { hasText: 'squares [1, 4, 9]' })
    ).toBeVisible({ timeout: 15_000 });
    await page.screenshot({ path: path.join(SHOTS, 'run-view-logs.png') });
  });

  test('create, fit, evaluate: the evaluate step sees the fitted model and shows its score on its cell', async ({
    page
  }) => {
    test.setTimeout(180_000); // three scikit-learn steps, each a fresh interpreter
    await notebookWithCells(page, 'fit-me.ipynb', [
      'from sklearn.datasets import load_iris\nfrom sklearn.linear_model import LogisticRegression',
      'X, y = load_iris(return_X_y=True)\nmodel = LogisticRegression(max_iter=500)',
      'model.fit(X, y)',
      'score = model.score(X, y)\nprint("score", round(score, 4))',
      'score'
    ]);
    await page.evaluate(() => {
      const cells = (window as any).jupyterapp.shell.currentWidget.content
        .widgets;
      cells[0].model.setMetadata('tags', ['imports']);
      cells[4].model.setMetadata('tags', ['pipeline-metrics']);
    });
    await markSteps(page, [
      [1, 'make'],
      [2, 'fit'],
      [3, 'evaluate']
    ]);
    await page.notebook.save();
    await page.sidebar.openTab('cellpipe-pipelines');
    const panel = page.locator('#cellpipe-pipelines');
    await expect(panel.locator('.jp-cellpipe-StepNode')).toHaveCount(3, {
      timeout: 20_000
    });
    // fit passes the model on changed, and evaluate takes it from there
    await expect(
      panel.locator('.react-flow__edge-text, .react-flow__edgelabel-renderer', {
        hasText: 'model (changed)'
      })
    ).toHaveCount(1);

    await runFromToolbar(page);
    const evaluateChip = page
      .locator('.jp-Notebook .jp-CodeCell')
      .nth(3)
      .locator('.jp-cellpipe-Chip');
    await expect(evaluateChip).toContainText('succeeded', { timeout: 90_000 });
    await expect(evaluateChip.locator('.jp-cellpipe-Chip-metric')).toHaveText(
      'score 0.9733'
    );
    await page.screenshot({ path: path.join(SHOTS, 'fit-evaluate-score.png') });
  });

  test('a failing step turns its cell red; fix it and resume: only it and what follows run', async ({
    page
  }) => {
    await stepsNotebook(page, 'fix-me.ipynb', [
      ['load', 'base = 10'],
      ['divide', 'ratio = base / 0'],
      ['double', 'result = ratio * 2\nprint("result", result)'],
      ['side', 'side = base + 1']
    ]);

    await runFromToolbar(page);
    await waitForCellStatuses(page, [
      'succeeded',
      'failed',
      'skipped',
      'succeeded'
    ]);
    const failedCell = await page.notebook.getCellLocator(1);
    await expect(failedCell!).toContainText('ZeroDivisionError');
    await expect(failedCell!).toContainText('ratio = base / 0');
    await page.screenshot({
      path: path.join(SHOTS, 'pipeline-failed-cell.png')
    });

    await setSources(page, [null, 'ratio = base / 4']);
    await page
      .locator('#cellpipe-pipelines')
      .getByRole('button', { name: 'Resume' })
      .click();
    await waitForCellStatuses(page, [
      'cached',
      'succeeded',
      'succeeded',
      'cached'
    ]);
    await page.screenshot({ path: path.join(SHOTS, 'pipeline-resumed.png') });
  });

  test('reloading the page during a run: the run view comes back and misses no log line', async ({
    page
  }) => {
    await stepsNotebook(page, 'reload.ipynb', [
      [
        'talk',
        'import time\nfor i in range(40):\n    print("line", i, flush=True)\n    time.sleep(0.25)\ndone = True'
      ]
    ]);
    await runFromToolbar(page);
    const runItem = page
      .locator('#cellpipe-pipelines .jp-cellpipe-RunItem')
      .first();
    await expect(runItem).toContainText(/running/i, { timeout: 20_000 });
    await runItem.click();
    const runView = page.locator('.jp-cellpipe-RunView');
    await expect(runView.locator('.jp-cellpipe-LogLine').first()).toBeVisible({
      timeout: 15_000
    });

    // JupyterLab saves the layout (the open run view) shortly after it changes.
    await page.waitForTimeout(3000);
    // Still running: the reload happens during the run, not after it.
    await expect(runItem).toContainText(/running/i);
    // A plain browser reload (Galata's reload waits for a launcher-like idle state).
    await Promise.all([
      page.waitForEvent('load'),
      page.evaluate(() => window.location.reload())
    ]);
    const restored = page.locator('.jp-cellpipe-RunView');
    await expect(restored).toBeVisible({ timeout: 30_000 });
    await expect(restored.locator('.jp-cellpipe-LogLine')).toHaveCount(40, {
      timeout: 30_000
    });
    const lines = await restored
      .locator('.jp-cellpipe-LogLine')
      .allTextContents();
    expect(lines.map(l => l.trim())).toEqual(
      Array.from({ length: 40 }, (_, i) => `line ${i}`)
    );
    await expect(restored).toContainText(/succeeded/i);
    await page.screenshot({
      path: path.join(SHOTS, 'run-view-after-reload.png')
    });
  });
});
