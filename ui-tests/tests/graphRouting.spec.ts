import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import * as path from 'path';

import { markSteps, notebookWithCells, SHOTS } from './pipelineHelpers';

/** Twelve steps: a load fanned out to three feature steps, joined, split, two models, an evaluation and two reports. */
const CELLS: Array<[string, string]> = [
  ['load', 'rows = list(range(40))\nmeta = {"n": len(rows)}'],
  ['clean', 'clean = [r for r in rows if r % 7]'],
  ['features_a', 'fa = [r * 2 for r in clean]'],
  ['features_b', 'fb = [r + meta["n"] for r in clean]'],
  ['features_c', 'fc = [r % 5 for r in rows]'],
  ['join', 'table = list(zip(fa, fb, fc))'],
  ['split', 'train = table[:30]\ntest = table[30:]'],
  ['train_a', 'model_a = sum(t[0] for t in train)'],
  ['train_b', 'model_b = sum(t[1] for t in train)'],
  [
    'evaluate',
    'score_a = model_a / (1 + len(test))\nscore_b = model_b / (1 + len(test))'
  ],
  ['report', 'print(score_a, score_b, meta)'],
  ['summary', 'summary = {"a": score_a, "b": score_b, "clean": len(clean)}']
];

interface IFaults {
  edges: number;
  labels: number;
  crossings: string[];
  labelOverlaps: string[];
  labelsOnSteps: string[];
}

/**
 * What the browser drew, checked in screen pixels: each edge path sampled
 * every 2 px against the boxes of the steps it does not join, each label's
 * box against the other labels and the steps.
 */
async function drawnFaults(page: IJupyterLabPageFixture): Promise<IFaults> {
  return page.evaluate(() => {
    const root = document.querySelector('.jp-cellpipe-GraphView')!;
    const shrink = (r: DOMRect) =>
      new DOMRect(r.x + 1, r.y + 1, r.width - 2, r.height - 2);
    const steps = [
      ...root.querySelectorAll<HTMLElement>('.react-flow__node')
    ].map(n => ({
      id: n.dataset.id!,
      box: shrink(n.getBoundingClientRect())
    }));
    const inside = (x: number, y: number, r: DOMRect) =>
      x > r.left && x < r.right && y > r.top && y < r.bottom;
    const overlap = (a: DOMRect, b: DOMRect) =>
      a.left < b.right &&
      b.left < a.right &&
      a.top < b.bottom &&
      b.top < a.bottom;
    const faults: IFaults = {
      edges: 0,
      labels: 0,
      crossings: [],
      labelOverlaps: [],
      labelsOnSteps: []
    };
    const labels: Array<{ id: string; box: DOMRect }> = [];
    for (const edge of root.querySelectorAll<SVGGElement>(
      '.react-flow__edge'
    )) {
      const id = edge.dataset.id ?? edge.getAttribute('data-id') ?? '';
      const [from, to] = id.split('->');
      const line = edge.querySelector<SVGPathElement>(
        '.react-flow__edge-path'
      )!;
      const matrix = line.getScreenCTM()!;
      const length = line.getTotalLength();
      faults.edges++;
      const crossed = new Set<string>();
      for (let at = 0; at <= length; at += 2) {
        const p = line.getPointAtLength(at).matrixTransform(matrix);
        for (const step of steps) {
          if (
            step.id !== from &&
            step.id !== to &&
            inside(p.x, p.y, step.box)
          ) {
            crossed.add(step.id);
          }
        }
      }
      crossed.forEach(step => faults.crossings.push(`${id} through ${step}`));
      const text = edge.querySelector('.react-flow__edge-textwrapper');
      if (text) {
        labels.push({ id, box: shrink(text.getBoundingClientRect()) });
      }
    }
    faults.labels = labels.length;
    labels.forEach((label, i) => {
      for (const other of labels.slice(i + 1)) {
        if (overlap(label.box, other.box)) {
          faults.labelOverlaps.push(`${label.id} / ${other.id}`);
        }
      }
      for (const step of steps) {
        if (overlap(label.box, step.box)) {
          faults.labelsOnSteps.push(`${label.id} on ${step.id}`);
        }
      }
    });
    return faults;
  });
}

test.describe('edges routed around the steps', () => {
  test.use({ viewport: { width: 1600, height: 1000 } });

  test('a 12-step fan-out and fan-in: no edge crosses a step, labels are clear of each other and of the steps (light and dark)', async ({
    page
  }) => {
    await notebookWithCells(
      page,
      'routing.ipynb',
      CELLS.map(([, source]) => source)
    );
    await markSteps(
      page,
      CELLS.map(([name], i) => [i, name] as [number, string])
    );
    await page.notebook.save();
    await page
      .locator('.jp-NotebookPanel-toolbar')
      .getByRole('button', { name: 'Graph' })
      .click();
    const tab = page.locator('.jp-cellpipe-GraphView');
    await expect(tab.locator('.jp-cellpipe-StepNode')).toHaveCount(12, {
      timeout: 20_000
    });
    // The notebook and the graph side by side would squeeze the graph: give it the main area.
    await page.evaluate(() =>
      (window as any).jupyterapp.commands.execute('application:toggle-mode')
    );
    await expect(tab).toBeVisible();
    await page.waitForTimeout(500); // the fit runs on the next frame after the resize
    await expect(
      tab.locator('.react-flow__edge-textwrapper').first()
    ).toBeVisible();

    const faults = await drawnFaults(page);
    expect(faults.edges).toBeGreaterThanOrEqual(14);
    expect(faults.labels).toBeGreaterThanOrEqual(12);
    expect(faults.crossings).toEqual([]);
    expect(faults.labelOverlaps).toEqual([]);
    expect(faults.labelsOnSteps).toEqual([]);

    await page.screenshot({
      path: path.join(SHOTS, 'graph-routing-light.png')
    });
    await page.theme.setDarkTheme();
    await page.screenshot({ path: path.join(SHOTS, 'graph-routing-dark.png') });
    await page.theme.setLightTheme();
    await page.evaluate(() =>
      (window as any).jupyterapp.commands.execute('application:toggle-mode')
    );
  });
});
