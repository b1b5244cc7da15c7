/**
 * The frontend's one reader of a code cell's pipeline marks: its
 * `metadata.cellpipe` and Kale's tags, read as the server reads them
 * (`server/src/notebook/annotations.ts`, `readNotebook.ts`). Both readers
 * are tested against the same cases, `server/src/notebook/cellMarks.cases.json`,
 * so a rule changed on one side only fails a test. Pure functions.
 */

/** The key of the marks in a cell's metadata (and the notebook's). */
export const CELL_METADATA_KEY = 'cellpipe';
export const TAGS_KEY = 'tags';

/** What a cell does in the pipeline besides running as part of a step. */
export type CellRole =
  'skip' | 'imports' | 'functions' | 'parameters' | 'metrics';

/** In the server's order: a cell with several roles has the first. */
export const CELL_ROLES: readonly CellRole[] = [
  'skip',
  'imports',
  'functions',
  'parameters',
  'metrics'
];

/** The `cellpipe` entry of a code cell's metadata. */
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

/** What one cell's marks say, as the server's `readAnnotation` has it. */
export interface ICellMark {
  /** The step the cell names (none when it has a role: a role wins). */
  step: string | null;
  role: CellRole | null;
  /** Steps its step runs after: metadata `after`, then `prev:` tags, once each. */
  after: string[];
  /** False when the cell says nothing, so it continues the cell above. */
  annotated: boolean;
}

/** Kale's role tags, plus papermill's `parameters` tag for the same role. */
const ROLE_TAGS: Readonly<Record<string, CellRole>> = {
  skip: 'skip',
  imports: 'imports',
  functions: 'functions',
  parameters: 'parameters',
  'pipeline-parameters': 'parameters',
  'pipeline-metrics': 'metrics'
};

/** Step names that are roles: old Kale's `block:imports`/`block:functions`, Kale 2's `step:skip`. */
const ROLE_STEPS: Readonly<Record<string, CellRole>> = {
  imports: 'imports',
  functions: 'functions',
  skip: 'skip'
};

const NONE: Membership = { kind: 'none' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A name or a list of names (anything else in a list is dropped). */
function stringList(value: unknown): string[] {
  if (typeof value === 'string') {
    return [value];
  }
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
}

/** The name a `block:NAME` / `step:NAME` tag gives, role names included. */
function blockOfTag(tag: string): string | undefined {
  const match = /^(block|step):(.+)$/.exec(tag);
  return match ? match[2] : undefined;
}

/** The role a tag gives, if it is a role tag (`block:imports` is one too). */
export function roleOfTag(tag: string): CellRole | undefined {
  if (Object.hasOwn(ROLE_TAGS, tag)) {
    return ROLE_TAGS[tag];
  }
  const block = blockOfTag(tag);
  return block !== undefined && Object.hasOwn(ROLE_STEPS, block)
    ? ROLE_STEPS[block]
    : undefined;
}

/** `block:NAME` / `step:NAME`: the tag names a step. */
export function stepOfTag(tag: string): string | undefined {
  const block = blockOfTag(tag);
  return block !== undefined && !Object.hasOwn(ROLE_STEPS, block)
    ? block
    : undefined;
}

/** `prev:NAME`: the cell's step runs after step NAME; old Kale's `prev:a:b` names two. */
export function prevsOfTag(tag: string): string[] {
  const match = /^prev:(.+)$/.exec(tag);
  return match ? match[1].split(':').filter(name => name.length > 0) : [];
}

/** `prev:`, `image:`, `limit:`, Kale 2's `cache:`, `secret:`, …: settings of the cell's step. */
export function isStepSettingTag(tag: string): boolean {
  return /^(prev|image|limit|cache|secret|label|annotation|report):./.test(tag);
}

/** `notebook:NAME`: Kale's reference to another notebook (composition). */
export function isNotebookTag(tag: string): boolean {
  return /^notebook:./.test(tag);
}

/** Every tag Cellpipe reads as a pipeline mark (other tools' tags are never touched). */
export function isPipelineTag(tag: string): boolean {
  return (
    roleOfTag(tag) !== undefined ||
    stepOfTag(tag) !== undefined ||
    isStepSettingTag(tag) ||
    isNotebookTag(tag)
  );
}

/** Reads the metadata leniently: anything that is not an object counts as empty. */
export function readCellMetadata(value: unknown): ICellpipeCellMetadata {
  return isRecord(value) ? { ...value } : {};
}

/** Reads the marks of a cell from its raw `cellpipe` and `tags` metadata values. */
export function readMarks(cellpipe: unknown, tags: unknown): ICellMarks {
  const marks: ICellMarks = {};
  if (typeof cellpipe === 'object' && cellpipe !== null) {
    marks.cellpipe = readCellMetadata(cellpipe);
  }
  // The server takes a lone string for a list of one tag.
  if (Array.isArray(tags) || typeof tags === 'string') {
    marks.tags = stringList(tags);
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

/** The step a cell's metadata names (tags aside), if it names one. */
export function stepOf(cellpipe: unknown): string | undefined {
  return stepNameOf({ cellpipe: readCellMetadata(cellpipe) });
}

/** Metadata `after`: a step name or a list of them. */
export function afterInMetadata(marks: ICellMarks): string[] {
  return stringList(marks.cellpipe?.after);
}

/** The steps this cell's step runs after: metadata `after`, then `prev:` tags. */
export function afterOf(marks: ICellMarks): string[] {
  const prev = (marks.tags ?? []).flatMap(prevsOfTag);
  return [...new Set([...afterInMetadata(marks), ...prev])];
}

/** Everything one cell's marks say (see ICellMark). */
export function readCellMark(marks: ICellMarks): ICellMark {
  const role = rolesOf(marks)[0] ?? null;
  const step = stepNameOf(marks) ?? null;
  const after = afterOf(marks);
  return {
    step: role ? null : step,
    role,
    after,
    annotated:
      step !== null ||
      role !== null ||
      after.length > 0 ||
      isNotebookReference(marks)
  };
}

/** A Kale `notebook:` reference cell: left out, as the server leaves it out. */
function isNotebookReference(marks: ICellMarks): boolean {
  return (marks.tags ?? []).some(isNotebookTag);
}

/** The cell's own mark, or `null` when it continues whatever is above it. A role wins over a step. */
export function ownMark(marks: ICellMarks): Membership | null {
  const { role, step } = readCellMark(marks);
  if (role) {
    return { kind: 'role', role };
  }
  return step ? { kind: 'step', step } : null;
}

/**
 * Kale's rule, as the server applies it: a cell without a mark continues the
 * one above; skipped cells and `notebook:` references are left out and
 * transparent (the cells after them continue what was above them).
 */
export function memberships(cells: readonly ICellMarks[]): Membership[] {
  let current = NONE;
  return cells.map(cell => {
    const own = ownMark(cell);
    if (isNotebookReference(cell)) {
      return NONE;
    }
    if (own?.kind === 'role' && own.role === 'skip') {
      return own;
    }
    return (current = own ?? current);
  });
}

export function sameMembership(a: Membership, b: Membership): boolean {
  return (
    a.kind === b.kind &&
    (a.kind !== 'step' || a.step === (b as { step: string }).step) &&
    (a.kind !== 'role' || a.role === (b as { role: CellRole }).role)
  );
}
