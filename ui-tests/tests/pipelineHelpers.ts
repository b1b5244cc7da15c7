import { expect, IJupyterLabPageFixture } from '@jupyterlab/galata';
import * as path from 'path';

export const SHOTS = path.join(__dirname, '..', 'test-results', 'screenshots');

/** Creates a notebook whose code cells have the given sources. */
export async function notebookWithCells(
  page: IJupyterLabPageFixture,
  name: string,
  sources: string[]
): Promise<void> {
  await page.notebook.createNew(name);
  // Through the model, in one change: typing would auto-indent, and adding
  // cells one by one takes seconds each for big notebooks.
  await page.evaluate(texts => {
    const app = (window as any).jupyterapp;
    const shared = app.shell.currentWidget.content.model.sharedModel;
    shared.insertCells(
      1,
      texts.slice(1).map((source: string) => ({ cell_type: 'code', source }))
    );
    shared.getCell(0).setSource(texts[0]);
  }, sources);
  await expect(
    page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell')
  ).toHaveCount(sources.length);
}

/**
 * Sets cell sources through the notebook model: typing them would let the
 * editor auto-indent multi-line code.
 */
export async function setSources(
  page: IJupyterLabPageFixture,
  sources: Array<string | null>
): Promise<void> {
  await page.evaluate(texts => {
    const app = (window as any).jupyterapp;
    const cells = app.shell.currentWidget.content.widgets;
    texts.forEach((text: string | null, i: number) => {
      if (text !== null) {
        cells[i].model.sharedModel.setSource(text);
      }
    });
  }, sources);
}

/** Marks the cells at `indexes` as steps, one per name, through the context menu. */
export async function makeStep(
  page: IJupyterLabPageFixture,
  index: number,
  name: string
): Promise<void> {
  const cell = await page.notebook.getCellLocator(index);
  await cell!.click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Make pipeline step…' }).click();
  const dialog = page.locator('.jp-Dialog');
  await dialog.locator('input').fill(name);
  await dialog.getByRole('button', { name: 'Make step' }).click();
  await expect(dialog).toHaveCount(0);
}

/** Marks cells through the API of the running app (faster where the menu is not under test). */
export async function markSteps(
  page: IJupyterLabPageFixture,
  steps: Array<[number, string]>
): Promise<void> {
  await page.evaluate(marks => {
    const app = (window as any).jupyterapp;
    const cells = app.shell.currentWidget.content.widgets;
    for (const [index, name] of marks) {
      cells[index].model.setMetadata('cellpipe', { step: name });
    }
  }, steps);
}

/**
 * A saved notebook of one step per cell (`[name, source]`), with the
 * pipelines panel open on its graph once every step is drawn.
 */
export async function stepsNotebook(
  page: IJupyterLabPageFixture,
  name: string,
  steps: Array<[string, string]>
): Promise<void> {
  await notebookWithCells(
    page,
    name,
    steps.map(([, source]) => source)
  );
  await markSteps(
    page,
    steps.map(([step], i) => [i, step])
  );
  await page.notebook.save();
  await page.sidebar.openTab('cellpipe-pipelines');
  await expect(
    page.locator('#cellpipe-pipelines .jp-cellpipe-StepNode')
  ).toHaveCount(steps.length, { timeout: 20_000 });
}

/** Presses "Run pipeline" in the notebook toolbar and confirms the run dialog. */
export async function runFromToolbar(
  page: IJupyterLabPageFixture
): Promise<void> {
  await page
    .locator('.jp-NotebookPanel-toolbar')
    .getByRole('button', { name: /Run pipeline/ })
    .click();
  const dialog = page.locator('.jp-Dialog');
  await dialog.getByRole('button', { name: 'Run' }).click();
  await expect(dialog).toHaveCount(0);
}

/** The status classes of the notebook's code cells, in order. */
export async function cellStatuses(
  page: IJupyterLabPageFixture
): Promise<string[]> {
  return page.evaluate(() =>
    [
      ...document.querySelectorAll(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-CodeCell'
      )
    ].map(cell => {
      const match = [...cell.classList].find(c => /^jp-cellpipe-Cell-/.test(c));
      return match ? match.replace('jp-cellpipe-Cell-', '') : 'none';
    })
  );
}

export async function waitForCellStatuses(
  page: IJupyterLabPageFixture,
  expected: string[],
  timeout = 60_000
): Promise<void> {
  await expect.poll(() => cellStatuses(page), { timeout }).toEqual(expected);
}

/**
 * A notebook whose last step trains a scikit-learn model (saved for
 * deploying though no step reads it), run on this machine to success.
 */
export async function trainModelInLab(
  page: IJupyterLabPageFixture,
  name: string,
  cells: [imports: string, data: string, train: string] = [
    'from sklearn.datasets import make_classification\nfrom sklearn.linear_model import LogisticRegression',
    'X, y = make_classification(n_samples=200, n_features=4, random_state=0)',
    'model = LogisticRegression(random_state=0).fit(X, y)'
  ]
): Promise<void> {
  await notebookWithCells(page, name, cells);
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
  await expect(
    page.locator('#cellpipe-pipelines .jp-cellpipe-StepNode')
  ).toHaveCount(2, { timeout: 20_000 });
  await runFromToolbar(page);
  await expect
    .poll(async () => (await cellStatuses(page)).slice(1), {
      timeout: 120_000
    })
    .toEqual(['succeeded', 'succeeded']);
}

/**
 * Undeploys every deployment, with the XSRF token as JupyterLab's
 * ServerConnection sends it (the server refuses state-changing requests
 * through the proxy without it). Model servers outlive JupyterLab by design:
 * a test must never leave one behind.
 */
export async function undeployAll(page: IJupyterLabPageFixture): Promise<void> {
  await page.evaluate(async () => {
    const base = (window as any).jupyterapp.serviceManager.serverSettings
      .baseUrl;
    const xsrf = /(?:^|; )_xsrf=([^;]*)/.exec(document.cookie)?.[1] ?? '';
    const list = await fetch(`${base}cellpipe/api/deployments`).then(r =>
      r.json()
    );
    for (const d of list.deployments ?? []) {
      await fetch(`${base}cellpipe/api/deployments/${d.name}`, {
        method: 'DELETE',
        headers: { 'X-XSRFToken': decodeURIComponent(xsrf) }
      });
    }
  });
}
