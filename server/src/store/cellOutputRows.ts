import type {
  CellOutput,
  ICellOutputs,
  IEventEnvelope,
  RunEvent
} from '../contract/wire.js';
import type { INewCellOutput } from './RunStore.js';
import { fromJson, type ICellOutputRow } from './rowMapping.js';
import type { Statements } from './sqliteStatements.js';

/**
 * Rows (one per output or stream chunk) as cells: consecutive chunks of the
 * same stream in the same cell are one output, as Jupyter shows them.
 */
export function joinStreams(rows: readonly ICellOutputRow[]): ICellOutputs[] {
  const cells: ICellOutputs[] = [];
  const byKey = new Map<string, ICellOutputs>();
  for (const row of rows) {
    const key = `${row.step}\u0000${row.cell_id}`;
    let cell = byKey.get(key);
    if (!cell) {
      cell = {
        step: row.step,
        cellId: row.cell_id,
        cellIndex: row.cell_index,
        outputs: []
      };
      byKey.set(key, cell);
      cells.push(cell);
    }
    appendOutput(cell.outputs, fromJson<CellOutput>(row.output));
  }
  return cells;
}

/** Appends an output, joining a stream chunk onto the last output of the same stream. */
export function appendOutput(outputs: CellOutput[], output: CellOutput): void {
  const last = outputs[outputs.length - 1];
  if (
    output.output_type === 'stream' &&
    last?.output_type === 'stream' &&
    last.name === output.name
  ) {
    outputs[outputs.length - 1] = { ...last, text: last.text + output.text };
  } else {
    outputs.push(output);
  }
}

type Emit = (runId: string, event: RunEvent) => IEventEnvelope;

/** The store's writes of cell outputs (run inside its write transaction). */
export class OutputWrites {
  constructor(
    private readonly sql: Statements,
    private readonly emit: Emit
  ) {}

  add(
    runId: string,
    step: string,
    outputs: ReadonlyArray<INewCellOutput>
  ): IEventEnvelope[] {
    return outputs.map(({ cellId, cellIndex, output }) => {
      this.sql.insertOutput.run({
        run_id: runId,
        step,
        cell_id: cellId,
        cell_index: cellIndex,
        output: JSON.stringify(output)
      });
      return this.emit(runId, {
        type: 'step.output',
        runId,
        step,
        cellId,
        cellIndex,
        output
      });
    });
  }

  clear(runId: string, step: string): IEventEnvelope {
    this.sql.clearOutputs.run(runId, step);
    return this.emit(runId, { type: 'step.outputsCleared', runId, step });
  }

  copy(fromRun: string, runId: string, step: string): IEventEnvelope[] {
    const rows = this.sql.stepOutputs.all(fromRun, step);
    return this.add(
      runId,
      step,
      rows.map(row => ({
        cellId: row.cell_id,
        cellIndex: row.cell_index,
        output: fromJson<CellOutput>(row.output)
      }))
    );
  }
}
