import * as React from 'react';

import type { IRunComparison } from '../api/wire';
import { RunsSection } from '../panel/RunsSection';
import { barChart, roundStep } from '../runs/compareChart';
import { ComparePage } from '../runs/ComparePage';
import { runRecord } from './fixtures';
import { render } from './renderWidget';

/*
 * Compare: two runs side by side with the changed parameter, the metric
 * (table and bars on an axis) and the changed step marked; the runs list
 * picks the runs to compare.
 */

// A run record is a summary with more; the page reads the summary's fields.
const summary = (id: string, title: string) =>
  runRecord([], { id, title, status: 'succeeded' });

const comparison: IRunComparison = {
  runs: [summary('r1', 'iris'), summary('r2', 'iris · lr=0.5')],
  parameters: [
    { name: 'lr', values: [0.1, 0.5], differs: true },
    { name: 'depth', values: [3, 3], differs: false }
  ],
  metrics: [
    { step: 'train', name: 'accuracy', values: [0.82, 0.93], differs: true }
  ],
  steps: [
    {
      name: 'load',
      status: ['succeeded', 'cached'],
      durationMs: [1200, null],
      code: ['x = 1', 'x = 1'],
      codeChanged: false,
      differs: true
    },
    {
      name: 'train',
      status: ['succeeded', 'succeeded'],
      durationMs: [2000, 2100],
      code: ['fit(lr)', 'fit(lr * 2)'],
      codeChanged: true,
      differs: true
    }
  ]
};

describe('the bar chart of a compared metric', () => {
  it('has a round axis from zero over every value', () => {
    expect(roundStep(0.93)).toBe(0.5);
    expect(roundStep(37)).toBe(10);
    const chart = barChart([0.82, 0.93, null]);
    expect(chart.min).toBe(0);
    expect(chart.max).toBe(1);
    expect(chart.ticks).toEqual([0, 0.5, 1]);
    expect(chart.bars[0]).toEqual({ from: 0, to: 0.82 });
    expect(chart.bars[2]).toBeNull();
  });

  it('goes below zero for negative values', () => {
    const chart = barChart([-3, 7]);
    expect(chart.min).toBeLessThan(0);
    expect(chart.ticks[0]).toBe(chart.min);
    expect(chart.bars[0]!.to).toBeCloseTo(-chart.min / (chart.max - chart.min));
  });
});

describe('the Compare page', () => {
  it('marks the differing rows and draws each metric with an axis', async () => {
    const node = await render(
      <ComparePage
        comparison={comparison}
        error={null}
        onOpenRun={() => undefined}
      />
    );
    const rows = [...node.querySelectorAll('tbody tr')];
    const row = (label: string) =>
      rows.find(r => r.textContent?.includes(label))!;
    expect(row('lr').getAttribute('data-differs')).toBe('true');
    expect(row('depth').getAttribute('data-differs')).toBe('false');
    expect(row('lr').textContent).toContain('0.5');
    expect(row('accuracy').textContent).toContain('0.93');
    expect(row('train · code changed').textContent).toContain('2.1 s');
    expect(row('load').textContent).toContain('cached');
    const chart = node.querySelector('.jp-cellpipe-CompareChart svg')!;
    expect(chart.querySelectorAll('rect')).toHaveLength(2);
    expect(
      [...chart.querySelectorAll('.jp-cellpipe-CompareChart-tick text')].map(
        t => t.textContent
      )
    ).toEqual(['0', '0.5', '1']);
    expect(
      node.querySelector('.jp-cellpipe-CompareCode')?.textContent
    ).toContain('fit(lr * 2)');
    // The changed step's code as a line diff: the old line removed, the new one added.
    const lines = [
      ...node.querySelectorAll(
        '.jp-cellpipe-CompareCode .jp-cellpipe-LineDiff-line'
      )
    ].map(l => [
      l.getAttribute('data-kind'),
      l.querySelector('.jp-cellpipe-LineDiff-text')?.textContent
    ]);
    expect(lines).toEqual([
      ['removed', 'fit(lr)'],
      ['added', 'fit(lr * 2)']
    ]);
    expect(
      node.querySelector('.jp-cellpipe-CompareCode-runs')?.textContent
    ).toBe('iris → iris · lr=0.5 · +1 −1 lines');
  });

  it('says why when the runs cannot be compared', async () => {
    const node = await render(
      <ComparePage
        comparison={null}
        error="no run with id x"
        onOpenRun={() => undefined}
      />
    );
    expect(node.textContent).toContain(
      'could not be compared: no run with id x'
    );
  });
});

describe('choosing runs to compare in the panel', () => {
  it('compares the ticked runs, oldest first', async () => {
    const runs = [
      runRecord([], { id: 'new', title: 'b' }),
      runRecord([], { id: 'old', title: 'a' })
    ];
    const onCompare = jest.fn();
    const node = await render(
      <RunsSection
        runs={runs}
        activeId={null}
        error={null}
        onOpen={() => undefined}
        onDelete={() => undefined}
        onRename={() => undefined}
        onCompare={onCompare}
      />
    );
    const button = node.querySelector<HTMLButtonElement>(
      '.jp-cellpipe-RunsCompare'
    )!;
    expect(button.disabled).toBe(true);
    const boxes = node.querySelectorAll<HTMLInputElement>(
      '.jp-cellpipe-RunRow-choose'
    );
    await React.act(async () => boxes[0].click());
    await React.act(async () => boxes[1].click());
    expect(button.disabled).toBe(false);
    expect(button.textContent).toBe('Compare 2 runs');
    await React.act(async () => button.click());
    expect(onCompare).toHaveBeenCalledWith(['old', 'new']);
  });
});
