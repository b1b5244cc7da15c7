import type { CellOutput } from '../contract/wire.js';
import type { StepEvent } from '../executors/stepEvents.js';
import type { INewCellOutput } from '../store/RunStore.js';

export interface IOutputCaps {
  /** Stream text kept per cell; the log keeps all of it. */
  streamBytesPerCell: number;
  /** All outputs of one step together. */
  bytesPerStep: number;
}

export const DEFAULT_OUTPUT_CAPS: IOutputCaps = {
  streamBytesPerCell: 1024 * 1024,
  bytesPerStep: 32 * 1024 * 1024
};

interface ICellState {
  cellId: string;
  cellIndex: number;
  streamBytes: number;
  streamCapped: boolean;
}

/**
 * A step's cell outputs, from its log lines and harness events: stream
 * lines go to the cell that runs between its `cell` and `cell_done` events,
 * rich outputs and errors name their cell. Caps are notes, never silence.
 * `flush()` hands what is pending to `write` (consecutive chunks of one
 * stream joined), in order.
 */
export class OutputCollector {
  private current: ICellState | null = null;
  private pending: INewCellOutput[] = [];
  private stepBytes = 0;
  private stepCapped = false;

  constructor(
    private readonly write: (outputs: INewCellOutput[]) => void,
    private readonly caps: IOutputCaps = DEFAULT_OUTPUT_CAPS
  ) {}

  event(event: StepEvent): void {
    if (event.event === 'cell') {
      this.current = {
        cellId: event.cell_id,
        cellIndex: event.index,
        streamBytes: 0,
        streamCapped: false
      };
    } else if (event.event === 'cell_done') {
      this.current = null;
    } else if (event.event === 'display') {
      const { output_type, data, metadata } = event;
      const output: CellOutput =
        output_type === 'execute_result'
          ? { output_type, execution_count: null, data, metadata }
          : { output_type, data, metadata };
      this.add(event.cell_id, event.index, output);
    } else if (event.event === 'error' && event.cell_id !== undefined) {
      this.add(event.cell_id, event.index ?? 0, {
        output_type: 'error',
        ename: event.ename ?? 'Error',
        evalue: event.evalue ?? event.message,
        traceback: (event.traceback ?? event.message).split('\n')
      });
    }
  }

  /** A line the step printed while a cell ran (the harness's own lines are not a cell's). */
  line(stream: 'stdout' | 'stderr', line: string): void {
    const cell = this.current;
    if (!cell || cell.streamCapped) {
      return;
    }
    const text = `${line}\n`;
    cell.streamBytes += text.length;
    if (cell.streamBytes > this.caps.streamBytesPerCell) {
      cell.streamCapped = true;
      this.add(cell.cellId, cell.cellIndex, {
        output_type: 'stream',
        name: 'stderr',
        text:
          `[cellpipe: this cell printed more than ${this.caps.streamBytesPerCell} bytes; ` +
          'the rest is in the step log only]\n'
      });
      return;
    }
    this.add(cell.cellId, cell.cellIndex, {
      output_type: 'stream',
      name: stream,
      text
    });
  }

  /** A retry starts over. */
  reset(): void {
    this.current = null;
    this.pending = [];
    this.stepBytes = 0;
    this.stepCapped = false;
  }

  flush(): void {
    if (this.pending.length > 0) {
      const outputs = this.pending;
      this.pending = [];
      this.write(outputs);
    }
  }

  private add(cellId: string, cellIndex: number, output: CellOutput): void {
    if (this.stepCapped) {
      return;
    }
    this.stepBytes += approximateSize(output);
    if (this.stepBytes > this.caps.bytesPerStep) {
      this.stepCapped = true;
      output = {
        output_type: 'stream',
        name: 'stderr',
        text:
          `[cellpipe: this step's outputs passed ${this.caps.bytesPerStep} bytes; ` +
          'later outputs are not kept (the step log has the printed lines)]\n'
      };
    }
    const last = this.pending[this.pending.length - 1];
    if (
      output.output_type === 'stream' &&
      last?.cellId === cellId &&
      last.output.output_type === 'stream' &&
      last.output.name === output.name
    ) {
      last.output = { ...last.output, text: last.output.text + output.text };
      return;
    }
    this.pending.push({ cellId, cellIndex, output });
  }
}

function approximateSize(output: CellOutput): number {
  return output.output_type === 'stream'
    ? output.text.length
    : JSON.stringify(output).length;
}
