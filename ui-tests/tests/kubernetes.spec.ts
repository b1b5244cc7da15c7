import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';

import {
  cellStatuses,
  markSteps,
  notebookWithCells,
  SHOTS,
  waitForCellStatuses
} from './pipelineHelpers';

/**
 * Needs the test control plane (scripts/test.sh starts it and passes its
 * kubeconfig; JupyterLab then runs with KUBECONFIG and the `cellpipe`
 * namespace). Pods are kwok's: they run no code, their logs are kwok's lines.
 */
const cluster = process.env.CELLPIPE_TEST_KUBECONFIG;
test.skip(
  !cluster && process.env.CELLPIPE_TEST_CLUSTER !== 'required',
  'no test cluster (CELLPIPE_TEST_KUBECONFIG)'
);

test('run on Kubernetes from the dialog: the cluster line, then Jobs drive the cells and graph to succeeded', async ({
  page
}) => {
  expect(cluster, 'CELLPIPE_TEST_KUBECONFIG is set').toBeTruthy();
  await notebookWithCells(page, 'on-cluster.ipynb', [
    'values = [1, 2, 3]',
    'squares = [v * v for v in values]',
    'print(sum(squares))'
  ]);
  await markSteps(page, [
    [0, 'load'],
    [1, 'square'],
    [2, 'total']
  ]);
  // kwok's pods "run" for these delays (its stages read the annotations).
  await page.evaluate(() => {
    const app = (window as any).jupyterapp;
    const delay = (ms: number) => `${ms}ms`;
    const annotations: Record<string, string> = {};
    for (const stage of ['pod-create', 'pod-ready', 'pod-complete']) {
      const ms = stage === 'pod-complete' ? 1500 : 100;
      annotations[`${stage}.stage.kwok.x-k8s.io/delay`] = delay(ms);
      annotations[`${stage}.stage.kwok.x-k8s.io/jitter-delay`] = delay(ms);
    }
    app.shell.currentWidget.content.model.setMetadata('cellpipe', {
      pipeline: {
        version: 1,
        defaults: { kubernetes_pod_annotations: annotations },
        steps: { total: { runtime_image: 'python:3.12-slim' } }
      }
    });
  });
  await page.notebook.save();

  await page.sidebar.openTab('cellpipe-pipelines');
  const panel = page.locator('#cellpipe-pipelines');
  const clusterLine = panel.locator('.jp-cellpipe-Cluster');
  await expect(clusterLine).toContainText('v1.36', { timeout: 20_000 });
  await expect(clusterLine).toContainText('cellpipe');
  await expect(panel.locator('.jp-cellpipe-StepNode')).toHaveCount(3, {
    timeout: 20_000
  });

  await page
    .locator('.jp-NotebookPanel-toolbar')
    .getByRole('button', { name: /Run pipeline/ })
    .click();
  const dialog = page.locator('.jp-Dialog');
  await dialog.locator('#jp-cellpipe-run-target').selectOption('kubernetes');
  await expect(dialog.locator('.jp-cellpipe-RunDialog-cluster')).toContainText(
    'v1.36',
    { timeout: 20_000 }
  );
  // Which image each step gets there, and why.
  const images = dialog.locator('.jp-cellpipe-RunDialog-images');
  await expect(images).toContainText('python:3.11-slim');
  await images.locator('summary').click();
  await expect(images.locator('tr', { hasText: 'total' })).toContainText(
    /python:3\.12-slim.*step setting runtime_image/
  );
  await expect(images.locator('tr', { hasText: 'load' })).toContainText(
    /python:3\.11-slim.*default/
  );
  await page.screenshot({
    path: path.join(SHOTS, 'kubernetes-run-dialog.png')
  });
  await dialog.getByRole('button', { name: 'Run' }).click();
  await expect(dialog).toHaveCount(0);

  await expect
    .poll(() => cellStatuses(page), { timeout: 30_000 })
    .toContain('running');
  await page.screenshot({ path: path.join(SHOTS, 'kubernetes-running.png') });
  await waitForCellStatuses(
    page,
    ['succeeded', 'succeeded', 'succeeded'],
    90_000
  );
  await expect(
    panel.locator('.jp-cellpipe-StepNode[data-status="succeeded"]')
  ).toHaveCount(3);
  const runItem = panel.locator('.jp-cellpipe-RunItem').first();
  await expect(runItem).toContainText(/kubernetes|succeeded/i);
  await runItem.click();
  const runView = page.locator('.jp-cellpipe-RunView');
  await expect(runView).toContainText('kubernetes');
  await runView.locator('.jp-cellpipe-StepTab', { hasText: 'square' }).click();
  await expect(
    runView.locator('.jp-cellpipe-LogLine', {
      hasText: 'cellpipe test log line 3'
    })
  ).toBeVisible({ timeout: 15_000 });
  await page.screenshot({ path: path.join(SHOTS, 'kubernetes-succeeded.png') });
});
