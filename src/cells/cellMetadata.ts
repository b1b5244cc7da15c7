/**
 * The `cellpipe` entry of a code cell's metadata, as the server reads it.
 * These functions are pure: they take the current value and return the new one,
 * so the command that applies them stays a thin shell around the cell model.
 */
export const CELL_METADATA_KEY = 'cellpipe';

export interface ICellpipeCellMetadata {
  /** The step this cell starts or belongs to. */
  step?: string;
  /** Names of steps this step runs after, besides inferred data dependencies. */
  after?: string[];
  skip?: boolean;
  imports?: boolean;
  functions?: boolean;
  parameters?: boolean;
  metrics?: boolean;
  [key: string]: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the metadata leniently: anything that is not an object counts as empty. */
export function readCellMetadata(value: unknown): ICellpipeCellMetadata {
  return isRecord(value) ? { ...value } : {};
}

/** The step a cell names, if it names a valid-looking one. */
export function stepOf(value: unknown): string | undefined {
  const step = readCellMetadata(value).step;
  return typeof step === 'string' && step.length > 0 ? step : undefined;
}

/**
 * Marks a cell as (part of) step `name`. A cell that was skipped, or marked as
 * imports/functions/parameters/metrics, becomes an ordinary step cell: those
 * roles exclude being a named step. Unrelated keys are kept.
 */
export function withStep(value: unknown, name: string): ICellpipeCellMetadata {
  const next = readCellMetadata(value);
  for (const role of [
    'skip',
    'imports',
    'functions',
    'parameters',
    'metrics'
  ] as const) {
    delete next[role];
  }
  next.step = name;
  return next;
}

/** Removes the step name; returns `undefined` when nothing else remains. */
export function withoutStep(value: unknown): ICellpipeCellMetadata | undefined {
  const next = readCellMetadata(value);
  delete next.step;
  return Object.keys(next).length > 0 ? next : undefined;
}
