import { expect, test } from './fixtures';
import * as path from 'path';

/** Screenshots a person can look at, kept as test artifacts. */
const SHOTS = path.join(__dirname, '..', 'test-results', 'screenshots');
/** Jupyter's base URL, with both slashes (`/` or e.g. `/user/alice/`). */
const BASE_URL = `/${process.env.CELLPIPE_UI_BASE_URL ?? ''}/`.replace(
  /\/+/g,
  '/'
);

test.describe('Cellpipe in JupyterLab', () => {
  test('the Pipelines panel is connected to the server through the Jupyter proxy', async ({
    page
  }) => {
    await page.sidebar.openTab('cellpipe-pipelines');
    const panel = page.locator('#cellpipe-pipelines');
    const status = panel.locator('.jp-cellpipe-Connection');

    await expect(status).toHaveAttribute('data-status', 'connected', {
      timeout: 30_000
    });
    await expect(status).toContainText('Connected to the Cellpipe server');
    await expect(panel.getByTestId('cellpipe-server-version')).toContainText(
      /Cellpipe \d+\.\d+\.\d+ \(API v1\)/
    );
    // Reached through Jupyter (under its base URL), not a port of its own.
    await expect(status).toContainText(
      new RegExp(`127\\.0\\.0\\.1:\\d+${BASE_URL}cellpipe/`)
    );
    // On a supported Node.js; from the installed package when the tests say so.
    const runtime = panel.getByTestId('cellpipe-server-runtime');
    await expect(runtime).toContainText(/Node\.js (2[4-9]|[3-9]\d)\./);
    if (process.env.CELLPIPE_UI_EXPECT_SERVER_DIR) {
      await expect(runtime).toContainText(
        process.env.CELLPIPE_UI_EXPECT_SERVER_DIR
      );
    }
    await expect(status).toContainText('local (default)');
    // The events websocket went through the proxy too.
    await expect(panel.locator('[data-socket]')).toHaveAttribute(
      'data-socket',
      'open',
      { timeout: 15_000 }
    );

    await panel.screenshot({ path: path.join(SHOTS, 'pipelines-panel.png') });
  });

  test('the launcher card (with Cellpipe’s icon) opens the Pipelines panel, where a local user sees a quiet Kubernetes line', async ({
    page
  }) => {
    await page.sidebar.close('left');
    const card = page
      .locator(
        '.jp-LauncherCard[title*="Cellpipe"], .jp-LauncherCard:has-text("Pipelines")'
      )
      .first();
    await expect(card.locator('.jp-LauncherCard-icon svg')).toBeVisible();
    await card.screenshot({ path: path.join(SHOTS, 'launcher-card.png') });
    await card.click();
    const panel = page.locator('#cellpipe-pipelines');
    await expect(panel).toBeVisible();
    // Without a kubeconfig: one quiet line, never a red box in the panel.
    const cluster = panel.locator('.jp-cellpipe-Cluster');
    await expect(cluster).toHaveAttribute('data-tone', /off|ready|degraded/, {
      timeout: 20_000
    });
    await panel.screenshot({
      path: path.join(SHOTS, 'kubernetes-quiet-line.png')
    });
  });

  test('"Make pipeline step…" on a code cell names the step in its metadata', async ({
    page,
    request,
    tmpPath
  }) => {
    const name = 'make-step.ipynb';
    await page.notebook.createNew(name);
    await page.notebook.setCell(0, 'code', 'x = 1');
    await page.notebook.addCell('code', 'y = x + 1');
    await page.notebook.selectCells(0, 1);

    const cell = await page.notebook.getCellLocator(0);
    await cell!.click({ button: 'right' });
    const item = page.getByRole('menuitem', { name: 'Make pipeline step…' });
    await expect(item).toBeVisible();
    await page.screenshot({ path: path.join(SHOTS, 'cell-context-menu.png') });
    await item.click();

    // An invalid name comes back with the reason and a corrected suggestion.
    const dialog = page.locator('.jp-Dialog');
    await dialog.locator('input').fill('Train Model');
    await dialog.getByRole('button', { name: 'Make step' }).click();
    await expect(dialog).toContainText(
      'is not a valid step name: use lower-case letters'
    );
    await expect(dialog.locator('input')).toHaveValue('train-model');
    await dialog.screenshot({
      path: path.join(SHOTS, 'step-name-invalid.png')
    });
    await dialog.getByRole('button', { name: 'Make step' }).click();
    await expect(dialog).toHaveCount(0);

    const steps = await page.evaluate(() => {
      const app = (window as any).jupyterapp;
      const notebook = app.shell.currentWidget.content;
      return notebook.widgets.map((c: any) => c.model.getMetadata('cellpipe'));
    });
    expect(steps).toEqual([{ step: 'train-model' }, { step: 'train-model' }]);

    // Saved with the notebook, where the server will read it.
    await page.notebook.save();
    const saved = await request.get(
      `${BASE_URL}api/contents/${tmpPath}/${name}?content=1`
    );
    const model = await saved.json();
    expect(model.content.cells[0].metadata.cellpipe).toEqual({
      step: 'train-model'
    });
  });
});
