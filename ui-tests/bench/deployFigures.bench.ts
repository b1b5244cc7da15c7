import { test } from '@jupyterlab/galata';

import { trainModelInLab } from '../tests/pipelineHelpers';

const DEPLOYS = 5;
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

test('time from pressing Deploy to the deployment shown ready (local)', async ({
  page
}) => {
  await trainModelInLab(page, 'serve-bench.ipynb');
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
