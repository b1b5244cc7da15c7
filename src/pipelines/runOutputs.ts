import type {
  CellOutput,
  ICellOutputs,
  IEventEnvelope,
  IRunOutputs
} from '../tokens';

/**
 * Applies one event to a run's cell outputs. Events the outputs already
 * include (seq not newer than theirs) change nothing, so a replay after a
 * reconnect or an overlapping subscription shows each output once.
 */
export function applyOutputEvent(
  state: IRunOutputs,
  envelope: IEventEnvelope
): IRunOutputs {
  const event = envelope.event;
  if (envelope.seq <= state.seq) {
    return state;
  }
  if (event.type === 'step.outputsCleared') {
    return {
      seq: envelope.seq,
      cells: state.cells.filter(c => c.step !== event.step)
    };
  }
  if (event.type !== 'step.output') {
    return state;
  }
  const i = state.cells.findIndex(
    c => c.step === event.step && c.cellId === event.cellId
  );
  const cell: ICellOutputs =
    i >= 0
      ? state.cells[i]
      : {
          step: event.step,
          cellId: event.cellId,
          cellIndex: event.cellIndex,
          outputs: []
        };
  const next = { ...cell, outputs: appended(cell.outputs, event.output) };
  const cells =
    i >= 0
      ? state.cells.map((c, j) => (j === i ? next : c))
      : [...state.cells, next];
  return { seq: envelope.seq, cells };
}

/** A stream chunk joins the cell's last output when that is the same stream. */
function appended(outputs: CellOutput[], output: CellOutput): CellOutput[] {
  const last = outputs[outputs.length - 1];
  if (
    output.output_type === 'stream' &&
    last?.output_type === 'stream' &&
    last.name === output.name
  ) {
    return [
      ...outputs.slice(0, -1),
      { ...last, text: last.text + output.text }
    ];
  }
  return [...outputs, output];
}

/** Each cell's outputs; a cell several steps ran (an imports cell) shows its first step's. */
export function outputsByCell(
  state: IRunOutputs | null
): Map<string, ICellOutputs> {
  const map = new Map<string, ICellOutputs>();
  for (const cell of state?.cells ?? []) {
    if (!map.has(cell.cellId)) {
      map.set(cell.cellId, cell);
    }
  }
  return map;
}
