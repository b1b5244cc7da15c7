import { expect, test } from '@jupyterlab/galata';

import {
  cellStatuses,
  markSteps,
  notebookWithCells,
  runFromToolbar
} from '../tests/pipelineHelpers';

const DEPLOYS = 5;
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

test('time from pressing Deploy to the deployment shown ready (local)', async ({
  page
}) => {
  await notebookWithCells(page, 'serve-bench.ipynb', [
    'from sklearn.datasets import make_classification\nfrom sklearn.linear_model import LogisticRegression',
    'X, y = make_classification(n_samples=200, n_features=4, random_state=0)',
    'model = LogisticRegression(random_state=0).fit(X, y)'
  ]);
  await page.evaluate(() => {
    const app = (window as any).jupyterapp;
    app.shell.currentWidget.content.widgets[0].model.setMetadata('tags', [
      'imports'
    ]);
  });
  await markSteps(page, [
    [1, 'data'],
    [2, 'train']
  ]);
  await page.notebook.save();
  await page.sidebar.openTab('cellpipe-pipelines');
  await runFromToolbar(page);
  await expect
    .poll(async () => (await cellStatuses(page)).slice(1), { timeout: 90_000 })
    .toEqual(['succeeded', 'succeeded']);
  const samples: number[] = [];
  for (let i = 0; i < DEPLOYS; i++) {
    const name = `bench-model-${i}`;
    await page
      .locator(
        '.jp-NotebookPanel-toolbar [data-jp-item-name="cellpipe-deploy-model"]'
      )
      .getByRole('button')
      .click();
    const dialog = page.locator('.jp-Dialog');
    await dialog.locator('#jp-cellpipe-deploy-name').fill(name);
    // Measured in the page: from the click on Deploy to the row drawn ready.
    const ms = await page.evaluate(
      row =>
        new Promise<number>(resolve => {
          const button = [
            ...document.querySelectorAll<HTMLButtonElement>('.jp-Dialog button')
          ].find(b => b.textContent?.trim() === 'Deploy')!;
          const start = performance.now();
          const check = () =>
            document.querySelector(row)
              ? resolve(performance.now() - start)
              : requestAnimationFrame(check);
          button.click();
          requestAnimationFrame(check);
        }),
      `.jp-cellpipe-Deployment[data-name="${name}"][data-status="ready"]`
    );
    samples.push(ms);
    await page.evaluate(
      n =>
        (window as any).jupyterapp.serviceManager.serverSettings &&
        fetch(
          `${(window as any).jupyterapp.serviceManager.serverSettings.baseUrl}cellpipe/api/deployments/${n}`,
          { method: 'DELETE' }
        ),
      name
    );
  }
  const s = sorted(samples);
  console.log(
    `Deploy pressed -> shown ready (local model server): median ${s[2].toFixed(0)} ms, ` +
      `min ${s[0].toFixed(0)}, max ${s[4].toFixed(0)} over ${DEPLOYS} deploys`
  );
});
