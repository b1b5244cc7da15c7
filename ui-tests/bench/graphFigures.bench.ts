import { expect, test } from '@jupyterlab/galata';

import { openNotebookFile } from './notebookFile';

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const OPENS = 3;
const STEPS = 200;

/**
 * A notebook of `n` one-cell steps as pipelines grow: mostly a chain, a
 * join of 3-5 recent steps every 10th (fan-in), a hub every 15th that later
 * steps read (fan-out). Deterministic.
 */
function pipelineSources(n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    if (i === 0) {
      return 'v0 = 0';
    }
    const reads = new Set<number>([i - 1]);
    if (i % 10 === 0) {
      for (let k = 2; k <= 3 + (i % 3); k++) {
        reads.add(Math.max(0, i - 2 * k));
      }
    }
    if (i % 4 === 0) {
      reads.add(15 * Math.floor((i - 1) / 15));
    }
    return `v${i} = ${[...reads].map(r => `v${r}`).join(' + ')} + 1`;
  });
}

test('the graph tab of a 200-step pipeline: layout and first paint', async ({
  page,
  tmpPath
}) => {
  test.setTimeout(15 * 60 * 1000);
  await page.setViewportSize({ width: 1600, height: 1000 });
  const sources = pipelineSources(STEPS);
  await openNotebookFile(
    page,
    `${tmpPath}/graph-200.ipynb`,
    sources.map((source, i) => ({ source, step: `step_${i}` }))
  );
  // The compile is in (the panel draws it) before the tab is timed.
  await page.sidebar.openTab('cellpipe-pipelines');
  await expect(
    page.locator('#cellpipe-pipelines .jp-cellpipe-StepNode').first()
  ).toBeVisible({ timeout: 120_000 });
  await page.sidebar.close('left');

  const layouts: number[] = [];
  const paints: number[] = [];
  let edges = 0;
  for (let i = 0; i < OPENS; i++) {
    await page.notebook.activate('graph-200.ipynb');
    // From the command to the frame after the tab's steps are in the page
    // (React Flow draws only the steps in view on graphs this big).
    const figures = await page.evaluate(
      () =>
        new Promise<{ paint: number; layout: number; edges: number }>(
          resolve => {
            performance.clearMeasures('cellpipe:graph-layout');
            const start = performance.now();
            const check = () => {
              const view = document.querySelector('.jp-cellpipe-GraphView');
              const nodes = view?.querySelectorAll('.jp-cellpipe-StepNode');
              const drawnEdges = view?.querySelectorAll('.react-flow__edge');
              if (view && nodes && nodes.length > 0 && drawnEdges!.length > 0) {
                requestAnimationFrame(() => {
                  const [layout] = performance.getEntriesByName(
                    'cellpipe:graph-layout'
                  );
                  resolve({
                    paint: performance.now() - start,
                    layout: layout?.duration ?? NaN,
                    edges: drawnEdges!.length
                  });
                });
              } else {
                requestAnimationFrame(check);
              }
            };
            void (window as any).jupyterapp.commands.execute(
              'cellpipe:open-graph'
            );
            requestAnimationFrame(check);
          }
        )
    );
    paints.push(figures.paint);
    layouts.push(figures.layout);
    edges = figures.edges;
    // Close the tab so the next open lays out and paints from nothing.
    await page.evaluate(() => {
      const app = (window as any).jupyterapp;
      for (const widget of app.shell.widgets('main')) {
        if (String(widget.id).startsWith('cellpipe-graph-')) {
          widget.close();
        }
      }
    });
    await expect(page.locator('.jp-cellpipe-GraphView')).toHaveCount(0);
  }
  const list = (xs: number[]) => xs.map(x => x.toFixed(0)).join(' ');
  console.log(
    `Graph tab, ${STEPS} steps: layout (dagre + routes) median ${median(layouts).toFixed(0)} ms (samples ${list(layouts)}); command -> first paint of the tab median ${median(paints).toFixed(0)} ms (samples ${list(paints)}), ${edges} edges in view, over ${OPENS} opens`
  );
  expect(layouts.every(Number.isFinite)).toBe(true);
});
