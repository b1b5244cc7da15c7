import type { StepNode } from '../graph/buildGraph';
import { mergeNodes } from '../graph/mergeNodes';

function node(id: string, extra: Partial<StepNode> = {}): StepNode {
  return {
    id,
    type: 'step',
    position: { x: 0, y: 0 },
    data: {
      name: id,
      status: null,
      durationMs: null,
      startedAt: null,
      cellCount: 1,
      problems: [],
      reason: null
    },
    ...extra
  };
}

describe('updating the drawn nodes when statuses change', () => {
  it('keeps the size React Flow measured, so edges stay drawn', () => {
    const previous = [node('a', { measured: { width: 168, height: 56 } })];
    const next = [node('a', { position: { x: 5, y: 5 } })];
    const [merged] = mergeNodes(next, previous, null);
    expect(merged.measured).toEqual({ width: 168, height: 56 });
    expect(merged.position).toEqual({ x: 5, y: 5 });
  });

  it('takes the new data and leaves new nodes unmeasured', () => {
    const next = [node('b')];
    next[0].data.status = 'running';
    const [merged] = mergeNodes(
      next,
      [node('a', { measured: { width: 1, height: 1 } })],
      null
    );
    expect(merged.data.status).toBe('running');
    expect(merged.measured).toBeUndefined();
  });

  it('selects exactly the selected step', () => {
    const merged = mergeNodes(
      [node('a'), node('b')],
      [node('a', { selected: true })],
      'b'
    );
    expect(merged.map(n => n.selected)).toEqual([false, true]);
  });
});
