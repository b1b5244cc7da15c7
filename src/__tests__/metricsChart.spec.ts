import {
  chartGeometry,
  formatMetric,
  metricHistory
} from '../runs/metricsChart';
import { runRecord } from './fixtures';

describe('the metric line chart', () => {
  it('spreads values left to right with the largest at the top', () => {
    const g = chartGeometry([1, 3, 2], 104, 44, 2);
    expect(g.points).toEqual([
      { x: 2, y: 42 },
      { x: 52, y: 2 },
      { x: 102, y: 22 }
    ]);
    expect(g.path).toBe('M2 42 L52 2 L102 22');
    expect([g.min, g.max]).toEqual([1, 3]);
  });

  it('draws equal values as a flat line through the middle', () => {
    const g = chartGeometry([5, 5], 100, 40, 0);
    expect(g.points).toEqual([
      { x: 0, y: 20 },
      { x: 100, y: 20 }
    ]);
  });

  it('puts a single value in the middle', () => {
    expect(chartGeometry([0.9], 100, 40, 0).path).toBe('M50 20');
  });

  it('draws nothing without values, and skips non-finite ones', () => {
    expect(chartGeometry([], 100, 40).path).toBe('');
    expect(chartGeometry([NaN, 1, Infinity, 2], 10, 10, 0).points).toHaveLength(
      2
    );
  });
});

describe('metric history across runs', () => {
  const metric = (name: string, value: number, at: string) => ({
    step: 'train',
    name,
    value,
    at
  });

  it('orders runs oldest first and keeps the last value of each run', () => {
    const newer = runRecord([], {
      id: 'r2',
      createdAt: '2025-01-02T00:00:00Z',
      metrics: [metric('acc', 0.9, '2025-01-02T00:01:00Z')]
    });
    const older = runRecord([], {
      id: 'r1',
      createdAt: '2025-01-01T00:00:00Z',
      metrics: [
        metric('acc', 0.5, '2025-01-01T00:02:00Z'),
        metric('acc', 0.7, '2025-01-01T00:03:00Z'),
        metric('loss', 0.3, '2025-01-01T00:03:00Z')
      ]
    });
    const history = metricHistory([newer, older]);
    expect(history.get('acc')).toEqual([
      { runId: 'r1', at: '2025-01-01T00:00:00Z', value: 0.7 },
      { runId: 'r2', at: '2025-01-02T00:00:00Z', value: 0.9 }
    ]);
    expect(history.get('loss')!.map(p => p.runId)).toEqual(['r1']);
  });

  it('formats values compactly', () => {
    expect(formatMetric(3)).toBe('3');
    expect(formatMetric(0.912345)).toBe('0.9123');
    expect(formatMetric(0.00001234)).toBe('1.234e-5');
  });
});
