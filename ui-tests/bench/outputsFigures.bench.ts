import { expect, test } from '@jupyterlab/galata';
import { existsSync, statSync } from 'fs';
import { DatabaseSync } from 'node:sqlite';
import * as path from 'path';

import { runFromToolbar, waitForCellStatuses } from '../tests/pipelineHelpers';
import { openNotebookFile } from './notebookFile';

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const CELLS = 50;
const PLOTS = 20;
const SAMPLES = 3;

/** 50 cells of one step; 20 of them (every 5th and the 2nd after it) draw a matplotlib plot, the others print or show a value. */
function sources(): string[] {
  const plots = new Set<number>();
  for (let i = 1; plots.size < PLOTS; i += 5) {
    plots.add(i);
    plots.add(i + 2);
  }
  return Array.from({ length: CELLS }, (_, i) => {
    if (i === 0) {
      return 'import math\nimport matplotlib.pyplot as plt\nxs = [x / 20 for x in range(200)]\nprint("cells", 50)';
    }
    if (plots.has(i)) {
      return `fig, ax = plt.subplots(figsize=(5, 3))\nax.plot(xs, [math.sin(x * ${i}) for x in xs])\nax.set_title("plot ${i}")\nplt.show()`;
    }
    return i % 2
      ? `total_${i} = sum(xs) * ${i}\ntotal_${i}`
      : `print("cell ${i}:", round(sum(xs) / ${i}, 3))`;
  });
}

/** Run outputs of the shown notebook drawn on its cells: areas and loaded plots. */
const SHOWN = `(() => {
  const cells = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell');
  let areas = 0, images = 0;
  for (const cell of cells) {
    const area = cell.querySelector('.jp-cellpipe-RunOutputs-area');
    if (area && area.checkVisibility() && area.querySelector('.jp-OutputArea-output')) {
      areas++;
      for (const img of area.querySelectorAll('img')) {
        if (img.complete && img.naturalWidth > 0) images++;
      }
    }
  }
  return { areas, images };
})()`;

test('outputs of a 50-cell step with 20 plots: bytes in the run store, time to show them on the cells', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(15 * 60 * 1000);
  const home = process.env.CELLPIPE_HOME;
  test.skip(!home, 'set CELLPIPE_HOME: the benchmark reads the run store');
  await openNotebookFile(
    page,
    `${tmpPath}/outputs-50.ipynb`,
    sources().map((source, i) => ({
      source,
      step: i === 0 ? 'plots' : undefined
    }))
  );
  await expect(
    page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell')
  ).toHaveCount(CELLS, { timeout: 120_000 });
  await runFromToolbar(page);
  await waitForCellStatuses(
    page,
    Array<string>(CELLS).fill('succeeded'),
    10 * 60 * 1000
  );
  const all = { areas: CELLS, images: PLOTS };
  await expect
    .poll(() => page.evaluate(SHOWN), { timeout: 60_000 })
    .toEqual(all);

  const store = new DatabaseSync(path.join(home!, 'cellpipe.db'), {
    readOnly: true
  });
  const stored = store
    .prepare(
      `SELECT count(*) AS rows, sum(length(CAST(output AS BLOB))) AS bytes,
              sum(CASE WHEN output LIKE '%image/png%' THEN length(CAST(output AS BLOB)) ELSE 0 END) AS plotBytes
         FROM cell_outputs
        WHERE run_id = (SELECT id FROM runs ORDER BY created_at DESC LIMIT 1)`
    )
    .get() as { rows: number; bytes: number; plotBytes: number };
  store.close();
  // The store runs in WAL mode: recent writes are in cellpipe.db-wal.
  const dbBytes = ['cellpipe.db', 'cellpipe.db-wal']
    .map(f => path.join(home!, f))
    .filter(f => existsSync(f))
    .reduce((sum, f) => sum + statSync(f).size, 0);

  // Choosing "Show run outputs" again after the kernel's: to every output drawn.
  const toggles: number[] = [];
  const cell = page
    .locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell')
    .first();
  for (let i = 0; i < SAMPLES; i++) {
    await cell.getByRole('button', { name: 'Show kernel outputs' }).click();
    await expect
      .poll(() => page.evaluate(SHOWN))
      .toEqual({ areas: 0, images: 0 });
    toggles.push(
      await page.evaluate(
        ([shown, expected]) =>
          new Promise<number>(resolve => {
            const button = [
              ...document.querySelectorAll<HTMLButtonElement>(
                '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell button'
              )
            ].find(b => b.textContent?.includes('Show run outputs'))!;
            const start = performance.now();
            const check = () => {
              const now = eval(shown as string);
              if (
                now.areas >= (expected as any).areas &&
                now.images >= (expected as any).images
              ) {
                requestAnimationFrame(() => resolve(performance.now() - start));
              } else {
                requestAnimationFrame(check);
              }
            };
            button.click();
            requestAnimationFrame(check);
          }),
        [SHOWN, all] as const
      )
    );
  }

  // Opening the notebook: its cells drawn, then its newest run's outputs
  // fetched from the server and drawn on them, then every plot decoded.
  const opens: Array<{ cells: number; areas: number; plots: number }> = [];
  for (let i = 0; i < SAMPLES; i++) {
    await page.notebook.close();
    opens.push(
      await page.evaluate(
        ([shown, expected, file]) =>
          new Promise<{ cells: number; areas: number; plots: number }>(
            resolve => {
              const start = performance.now();
              const at: { cells?: number; areas?: number } = {};
              const check = () => {
                const now = eval(shown as string);
                const cells = document.querySelectorAll(
                  '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell'
                ).length;
                const t = performance.now() - start;
                if (
                  at.cells === undefined &&
                  cells >= (expected as any).areas
                ) {
                  at.cells = t;
                }
                if (
                  at.areas === undefined &&
                  now.areas >= (expected as any).areas
                ) {
                  at.areas = t;
                }
                if (
                  at.areas !== undefined &&
                  now.images >= (expected as any).images
                ) {
                  requestAnimationFrame(() =>
                    resolve({
                      cells: at.cells ?? t,
                      areas: at.areas!,
                      plots: performance.now() - start
                    })
                  );
                } else {
                  requestAnimationFrame(check);
                }
              };
              void (window as any).jupyterapp.commands.execute(
                'docmanager:open',
                { path: file }
              );
              requestAnimationFrame(check);
            }
          ),
        [SHOWN, all, `${tmpPath}/outputs-50.ipynb`] as const
      )
    );
  }
  const list = (xs: number[]) => xs.map(x => x.toFixed(0)).join(' ');
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  console.log(
    `Outputs of a ${CELLS}-cell step with ${PLOTS} plots: ${stored.rows} output rows, ${kb(stored.bytes)} in the run store (plots ${kb(stored.plotBytes)}, ${kb(stored.plotBytes / PLOTS)} each), store files (db + WAL) ${kb(dbBytes)}`
  );
  console.log(
    `  "Show run outputs" -> all ${CELLS} cells' outputs and ${PLOTS} plots drawn: median ${median(toggles).toFixed(0)} ms (samples ${list(toggles)})`
  );
  const of = (key: 'cells' | 'areas' | 'plots') => opens.map(o => o[key]);
  console.log(
    `  notebook opened -> its ${CELLS} cells drawn: median ${median(of('cells')).toFixed(0)} ms (samples ${list(of('cells'))}); -> the run's outputs on all cells: median ${median(of('areas')).toFixed(0)} ms (samples ${list(of('areas'))}); -> all ${PLOTS} plots decoded: median ${median(of('plots')).toFixed(0)} ms (samples ${list(of('plots'))})`
  );
});
