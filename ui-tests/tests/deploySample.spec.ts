import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';

import { SHOTS, trainModelInLab, undeployAll } from './pipelineHelpers';

test.afterEach(async ({ page }) => undeployAll(page));

/**
 * A LogisticRegression trained on iris as a DataFrame: its deployment's test
 * form starts from the first row of the training data, each value named by
 * its feature, and the endpoint answers that row.
 */
test('the test form of a model trained on a DataFrame is a real row with feature names', async ({
  page
}) => {
  test.setTimeout(240_000);
  await trainModelInLab(page, 'iris-sample.ipynb', [
    'from sklearn.datasets import load_iris\nfrom sklearn.linear_model import LogisticRegression',
    'iris = load_iris(as_frame=True)\nX = iris.data\ny = iris.target',
    'model = LogisticRegression(max_iter=500).fit(X, y)'
  ]);

  await page
    .locator(
      '.jp-NotebookPanel-toolbar [data-jp-item-name="cellpipe-deploy-model"]'
    )
    .getByRole('button')
    .click();
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog.locator('.jp-cellpipe-DeployDialog')).toBeVisible();
  await expect(dialog.locator('.jp-cellpipe-DeployDialog')).toContainText(
    'takes 4 features: sepal length (cm), sepal width (cm), petal length (cm), …'
  );
  await dialog.locator('#jp-cellpipe-deploy-name').fill('iris-sample');
  await page.screenshot({
    path: path.join(SHOTS, 'deploy-dialog-features.png')
  });
  await dialog.getByRole('button', { name: 'Deploy' }).click();
  await expect(dialog).toHaveCount(0);

  const row = page.locator(
    '#cellpipe-pipelines .jp-cellpipe-Deployment[data-name="iris-sample"]'
  );
  await expect(row).toHaveAttribute('data-status', 'ready', {
    timeout: 60_000
  });
  await row.locator('.jp-cellpipe-Deployment-toggle').click();
  const body = row.locator('.jp-cellpipe-TestRequest-body');
  // Iris's first flower, not zeros.
  await expect(body).toHaveValue(/\[5\.1, 3\.5, 1\.4, 0\.2\]/);
  const features = row.locator('.jp-cellpipe-TestRequest-feature');
  await expect(features).toHaveCount(4);
  await expect(features.nth(0)).toContainText('sepal length (cm)');
  await expect(features.nth(0)).toContainText('5.1');
  await expect(features.nth(3)).toContainText('petal width (cm)');
  await expect(row.locator('.jp-cellpipe-TestRequest-features')).toContainText(
    'first row of X'
  );
  await row.locator('.jp-cellpipe-TestRequest-send').click();
  const response = row.locator('.jp-cellpipe-TestResponse');
  await expect(response).toHaveAttribute('data-tone', 'ok', {
    timeout: 15_000
  });
  const answer = JSON.parse(
    (await response.locator('.jp-cellpipe-TestResponse-body').textContent()) ??
      ''
  );
  expect(answer.predictions).toEqual([0]); // setosa
  await row.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'deploy-test-real-row.png') });
});
