import { applyOutputEvent, outputsByCell } from '../pipelines/runOutputs';
import type { CellOutput, IEventEnvelope, IRunOutputs } from '../tokens';

const stream = (text: string): CellOutput => ({
  output_type: 'stream',
  name: 'stdout',
  text
});

function output(
  seq: number,
  cellId: string,
  out: CellOutput,
  step = 'train'
): IEventEnvelope {
  return {
    seq,
    runId: 'r1',
    at: '2025-01-01T00:00:00Z',
    event: {
      type: 'step.output',
      runId: 'r1',
      step,
      cellId,
      cellIndex: 1,
      output: out
    }
  };
}

describe('run outputs follow step.output events', () => {
  const start: IRunOutputs = {
    seq: 10,
    cells: [
      { step: 'train', cellId: 'a', cellIndex: 1, outputs: [stream('1\n')] }
    ]
  };

  it('appends stream chunks to the same stream and adds other outputs after them', () => {
    const png: CellOutput = {
      output_type: 'display_data',
      data: { 'image/png': 'xx' },
      metadata: {}
    };
    let state = applyOutputEvent(start, output(11, 'a', stream('2\n')));
    state = applyOutputEvent(state, output(12, 'a', png));
    state = applyOutputEvent(state, output(13, 'b', stream('b\n')));
    expect(state.cells.map(c => [c.cellId, c.outputs])).toEqual([
      ['a', [stream('1\n2\n'), png]],
      ['b', [stream('b\n')]]
    ]);
    expect(state.seq).toBe(13);
  });

  it('ignores events the outputs already include (a replay after reconnecting)', () => {
    const once = applyOutputEvent(start, output(11, 'a', stream('2\n')));
    const replayed = [
      output(9, 'a', stream('1\n')),
      output(11, 'a', stream('2\n'))
    ].reduce(applyOutputEvent, once);
    expect(replayed).toBe(once);
  });

  it('a retry clears the step’s outputs; a cell run by two steps shows the first', () => {
    const two = applyOutputEvent(
      start,
      output(11, 'a', stream('again\n'), 'eval')
    );
    expect(outputsByCell(two).get('a')?.step).toBe('train');
    const cleared = applyOutputEvent(two, {
      seq: 12,
      runId: 'r1',
      at: '',
      event: { type: 'step.outputsCleared', runId: 'r1', step: 'train' }
    });
    expect(outputsByCell(cleared).get('a')?.step).toBe('eval');
  });
});
