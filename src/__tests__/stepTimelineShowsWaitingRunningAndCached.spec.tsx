import * as React from 'react';

import { StepTimeline } from '../runs/StepTimeline';
import { runTimeline, timelineTicks } from '../runs/timeline';
import { runRecord, stepRecord } from './fixtures';
import { render } from './renderWidget';

/*
 * The run view's Gantt chart: each step waits from when its dependencies
 * were done until it started, runs until it finished, and a cached step is
 * a mark at the moment it was reused.
 */

const t = (s: number) => new Date(Date.UTC(2025, 0, 1, 10, 0, s)).toISOString();

const run = runRecord(
  [
    stepRecord('load', 'cached', {
      startedAt: t(0),
      finishedAt: t(0),
      cachedFrom: 'run-0'
    }),
    stepRecord('train', 'succeeded', {
      dependsOn: ['load'],
      startedAt: t(2),
      finishedAt: t(6)
    }),
    stepRecord('eval', 'running', { dependsOn: ['train'], startedAt: t(7) }),
    stepRecord('report', 'pending', { dependsOn: ['eval'] })
  ],
  { startedAt: t(0), status: 'running' }
);
const now = Date.parse(t(10));

describe('the step timeline', () => {
  it('places waiting and running from the run start, a running step until now', () => {
    const { rows, span } = runTimeline(run, now);
    expect(span).toBe(10_000);
    expect(rows.map(r => [r.step, r.readyAt, r.startedAt, r.endAt])).toEqual([
      ['load', 0, 0, 0],
      ['train', 0, 2_000, 6_000],
      ['eval', 6_000, 7_000, 10_000],
      // Its dependency is not done: it is not waiting yet, only pending.
      ['report', null, null, null]
    ]);
  });

  it('has round ticks across the span', () => {
    expect(timelineTicks(10_000)).toEqual([
      0, 2_000, 4_000, 6_000, 8_000, 10_000
    ]);
    expect(timelineTicks(90_000, 3)).toEqual([0, 30_000, 60_000, 90_000]);
    expect(timelineTicks(400)).toEqual([0, 100, 200, 300, 400]);
  });

  it('draws a bar per ran step, a mark for the cached one, and says the times', async () => {
    // Finished (the chart of a running run grows with the clock).
    const done = {
      ...run,
      status: 'failed' as const,
      finishedAt: t(10),
      steps: run.steps.map(s =>
        s.name === 'eval'
          ? { ...s, status: 'failed' as const, finishedAt: t(10) }
          : s
      )
    };
    const node = await render(
      <StepTimeline run={done} selected="train" onSelect={() => undefined} />
    );
    const row = (step: string) =>
      [...node.querySelectorAll('.jp-cellpipe-Timeline-row')].find(r =>
        r.textContent?.includes(step)
      ) as HTMLElement;
    const bar = row('train').querySelector<HTMLElement>(
      '.jp-cellpipe-Timeline-bar'
    )!;
    expect(bar.style.left).toBe('20%');
    expect(bar.style.width).toBe('40%');
    expect(
      row('train').querySelector('.jp-cellpipe-Timeline-wait')
    ).not.toBeNull();
    expect(row('train').textContent).toContain('waited 2.0 s · ran 4.0 s');
    expect(row('train').getAttribute('aria-selected')).toBe('true');
    expect(
      row('load').querySelector('.jp-cellpipe-Timeline-cached')
    ).not.toBeNull();
    expect(row('load').textContent).toContain('cached from run-0');
    expect(row('report').querySelector('.jp-cellpipe-Timeline-bar')).toBeNull();
  });
});

describe('a step’s outputs in the run view', () => {
  it('render through the output area and come and go with the step shown', async () => {
    const { RenderMimeRegistry, standardRendererFactories } =
      await import('@jupyterlab/rendermime');
    const { StepOutputs } = await import('../runs/StepOutputs');
    const rendermime = new RenderMimeRegistry({
      initialFactories: standardRendererFactories
    });
    const cells = [
      {
        step: 'train',
        cellId: 'c1',
        cellIndex: 1,
        outputs: [
          {
            output_type: 'stream' as const,
            name: 'stdout' as const,
            text: 'total 11\n'
          }
        ]
      }
    ];
    let show!: (v: boolean) => void;
    function Toggle(): JSX.Element {
      const [on, setOn] = React.useState(true);
      show = setOn;
      return on ? (
        <StepOutputs step="train" cells={cells} rendermime={rendermime} />
      ) : (
        <p>none</p>
      );
    }
    const node = await render(<Toggle />);
    await new Promise(r => setTimeout(r, 50));
    expect(node.textContent).toContain('Cell 2');
    expect(node.textContent).toContain('total 11');
    // Unmounting detaches the output area without an error.
    await React.act(async () => show(false));
    expect(node.textContent).toBe('none');
  });
});
