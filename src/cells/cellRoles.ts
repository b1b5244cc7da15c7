import { readCellMetadata, type ICellpipeCellMetadata } from './cellMetadata';
import { readTags, roleOfTag, stepOfTag } from './cellTags';

/** What a cell does in the pipeline besides running as part of a step. */
export type CellRole =
  'skip' | 'imports' | 'functions' | 'parameters' | 'metrics';

export const CELL_ROLES: readonly CellRole[] = [
  'skip',
  'imports',
  'functions',
  'parameters',
  'metrics'
];

/**
 * The pipeline marks of one code cell: its `metadata.cellpipe` and its tags.
 * `undefined` means the metadata key is absent (and is deleted on write).
 */
export interface ICellMarks {
  cellpipe?: ICellpipeCellMetadata;
  tags?: string[];
}

/** Where a code cell belongs: a step, a role (skip, imports, ...) or nothing yet. */
export type Membership =
  | { kind: 'step'; step: string }
  | { kind: 'role'; role: CellRole }
  | { kind: 'none' };

const NONE: Membership = { kind: 'none' };

/** Reads the marks of a cell from its raw metadata values. */
export function readMarks(cellpipe: unknown, tags: unknown): ICellMarks {
  const marks: ICellMarks = {};
  if (typeof cellpipe === 'object' && cellpipe !== null) {
    marks.cellpipe = readCellMetadata(cellpipe);
  }
  if (Array.isArray(tags)) {
    marks.tags = readTags(tags);
  }
  return marks;
}

/** The roles a cell carries: metadata first, then tags (as the server orders them). */
export function rolesOf(marks: ICellMarks): CellRole[] {
  const meta = marks.cellpipe ?? {};
  const fromMeta = CELL_ROLES.filter(role => meta[role] === true);
  const fromTags = (marks.tags ?? [])
    .map(roleOfTag)
    .filter((role): role is CellRole => role !== undefined);
  return [...new Set([...fromMeta, ...fromTags])];
}

/** The step a cell names: metadata wins over a `block:`/`step:` tag. */
export function stepNameOf(marks: ICellMarks): string | undefined {
  const step = marks.cellpipe?.step;
  if (typeof step === 'string' && step.length > 0) {
    return step;
  }
  return (marks.tags ?? []).map(stepOfTag).find(s => s !== undefined);
}

/** The cell's own mark, or `null` when it continues whatever is above it. A role wins over a step. */
export function ownMark(marks: ICellMarks): Membership | null {
  const role = rolesOf(marks)[0];
  if (role) {
    return { kind: 'role', role };
  }
  const step = stepNameOf(marks);
  return step ? { kind: 'step', step } : null;
}

/** Kale's rule, as the server applies it: a cell without a mark continues the one above. */
export function memberships(cells: readonly ICellMarks[]): Membership[] {
  let current = NONE;
  return cells.map(cell => (current = ownMark(cell) ?? current));
}

export function sameMembership(a: Membership, b: Membership): boolean {
  return (
    a.kind === b.kind &&
    (a.kind !== 'step' || a.step === (b as { step: string }).step) &&
    (a.kind !== 'role' || a.role === (b as { role: CellRole }).role)
  );
}
