import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';

import { SHOTS, trainModelInLab, undeployAll } from './pipelineHelpers';

/**
 * The whole serving loop with real parts: a pipeline trains a scikit-learn
 * model on this machine, the toolbar's Deploy model starts a local model
 * server, the Deployments section shows it ready, and a test request sent
 * from the panel comes back with the model's predictions.
 */
test.afterEach(async ({ page }) => undeployAll(page));

test('deploy a trained model from the toolbar, see it ready, send a test request, undeploy', async ({
  page
}) => {
  test.setTimeout(180_000);
  await trainModelInLab(page, 'deploy-me.ipynb');
  const panel = page.locator('#cellpipe-pipelines');

  await page
    .locator(
      '.jp-NotebookPanel-toolbar [data-jp-item-name="cellpipe-deploy-model"]'
    )
    .getByRole('button')
    .click();
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog.locator('.jp-cellpipe-DeployDialog')).toBeVisible();
  await expect(dialog.locator('#jp-cellpipe-deploy-model')).toContainText(
    'model'
  );
  await dialog.locator('#jp-cellpipe-deploy-name').fill('deploy-me-model');
  await expect(dialog.locator('#jp-cellpipe-deploy-target')).toHaveValue(
    'local'
  );
  await page.screenshot({ path: path.join(SHOTS, 'deploy-dialog.png') });
  await dialog.getByRole('button', { name: 'Deploy' }).click();
  await expect(dialog).toHaveCount(0);

  const row = panel.locator(
    '.jp-cellpipe-DeploymentsSection .jp-cellpipe-Deployment[data-name="deploy-me-model"]'
  );
  await expect(row).toHaveAttribute('data-status', 'ready', {
    timeout: 30_000
  });
  await expect(row.locator('.jp-cellpipe-Deployment-url')).toContainText(
    'http://127.0.0.1:'
  );
  await expect(row.locator('.jp-cellpipe-Deployment-run')).toBeVisible();

  await row.locator('.jp-cellpipe-Deployment-toggle').click();
  const body = row.locator('.jp-cellpipe-TestRequest-body');
  // Prefilled from the model's input shape [-1, 4].
  await expect(body).toHaveValue(/"instances"/);
  await body.fill(
    '{"instances": [[0.5, -1.2, 0.3, 2.0], [-0.7, 0.1, 1.5, -0.4]]}'
  );
  await row.locator('.jp-cellpipe-TestRequest-send').click();
  const response = row.locator('.jp-cellpipe-TestResponse');
  await expect(response).toHaveAttribute('data-tone', 'ok', {
    timeout: 15_000
  });
  await expect(
    response.locator('.jp-cellpipe-TestResponse-status')
  ).toContainText('HTTP 200');
  const answer = JSON.parse(
    (await response.locator('.jp-cellpipe-TestResponse-body').textContent()) ??
      ''
  );
  expect(answer.predictions).toHaveLength(2);
  for (const p of answer.predictions) {
    expect([0, 1]).toContain(p);
  }
  await row.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'deploy-predictions.png') });

  // A request the model refuses: its message, shown as refused.
  await body.fill('{"instances": [[1, 2]]}');
  await row.locator('.jp-cellpipe-TestRequest-send').click();
  await expect(response).toHaveAttribute('data-tone', 'refused');
  await expect(response).toContainText('4 features');

  await row.locator('.jp-cellpipe-Deployment-undeploy').click();
  await page
    .locator('.jp-Dialog')
    .getByRole('button', { name: 'Undeploy' })
    .click();
  await expect(row).toHaveCount(0, { timeout: 15_000 });
});
