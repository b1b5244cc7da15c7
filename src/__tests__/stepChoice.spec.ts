import { initialStep, nextIndex } from '../runs/stepChoice';
import { runRecord, stepRecord } from './fixtures';

describe('moving between step tabs with the keyboard', () => {
  it.each([
    [0, 'ArrowRight', 1],
    [2, 'ArrowRight', 0],
    [0, 'ArrowLeft', 2],
    [1, 'ArrowDown', 2],
    [1, 'ArrowUp', 0],
    [1, 'Home', 0],
    [0, 'End', 2],
    [1, 'a', null]
  ])('from tab %p, %s goes to %p of 3', (from, key, to) => {
    expect(nextIndex(from, key, 3)).toBe(to);
  });

  it('goes nowhere without tabs', () => {
    expect(nextIndex(0, 'ArrowRight', 0)).toBeNull();
  });
});

describe('the step a run widget shows first', () => {
  it('is a failed step, else a running one, else the first in run order', () => {
    const order = { order: ['a', 'b', 'c'] };
    expect(
      initialStep(
        runRecord(
          [
            stepRecord('c', 'failed'),
            stepRecord('a', 'succeeded'),
            stepRecord('b', 'running')
          ],
          order
        )
      )
    ).toBe('c');
    expect(
      initialStep(
        runRecord(
          [stepRecord('b', 'running'), stepRecord('a', 'queued')],
          order
        )
      )
    ).toBe('b');
    expect(
      initialStep(
        runRecord(
          [stepRecord('b', 'pending'), stepRecord('a', 'pending')],
          order
        )
      )
    ).toBe('a');
    expect(initialStep(runRecord([]))).toBeNull();
  });
});
