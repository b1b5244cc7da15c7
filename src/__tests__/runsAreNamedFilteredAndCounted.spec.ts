import { filterRuns } from '../panel/runFilter';
import { runTabTitle } from '../runs/runTabTitle';
import type { IRunSummary } from '../tokens';
import { runRecord, stepRecord } from './fixtures';

const run = (id: string, extra: Partial<IRunSummary>): IRunSummary =>
  runRecord([], { id, ...extra });

describe('runs are named, filtered and counted', () => {
  const runs = [
    run('r1', { title: 'iris', parameters: { lr: 0.1 }, status: 'succeeded' }),
    run('r2', {
      title: 'iris · lr=0.5',
      parameters: { lr: 0.5 },
      status: 'failed'
    }),
    run('r3', {
      title: 'baseline',
      parameters: { lr: 0.5, deep: true },
      status: 'succeeded'
    })
  ];
  const ids = (text: string, status: IRunSummary['status'] | '' = '') =>
    filterRuns(runs, { text, status }).map(r => r.id);

  it('keeps runs with every word somewhere, name=value on the parameter, and the status', () => {
    expect(ids('')).toEqual(['r1', 'r2', 'r3']);
    expect(ids('baseline')).toEqual(['r3']);
    expect(ids('lr=0.5')).toEqual(['r2', 'r3']);
    expect(ids('lr=0.5', 'succeeded')).toEqual(['r3']);
    expect(ids('deep=true iris')).toEqual([]);
    expect(ids('IRIS')).toEqual(['r1', 'r2']);
  });

  it('titles a run tab by the run’s name, with n of m done while it runs', () => {
    const steps = [
      'succeeded',
      'cached',
      'running',
      'pending',
      'pending'
    ] as const;
    const running = runRecord(
      steps.map((s, i) => stepRecord(`s${i}`, s)),
      {
        title: 'iris · lr=0.2',
        status: 'running',
        stepCounts: { succeeded: 1, cached: 1, running: 1, pending: 2 }
      }
    );
    expect(runTabTitle(running)).toBe('iris · lr=0.2 · 2 of 5 done');
    expect(runTabTitle({ ...running, status: 'succeeded' })).toBe(
      'iris · lr=0.2 (succeeded)'
    );
  });
});
