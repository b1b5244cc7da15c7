import type { StepProperties } from '../spec/pipelineSchema.js';
import { warning, type Problem, type ProblemPlace } from '../spec/problems.js';
import { readKaleTags, type CellRole, type IKaleTags } from './kaleTags.js';
import type { ICodeCell } from './notebookSchema.js';

export type { CellRole } from './kaleTags.js';

/** The annotation of one code cell, from Cellpipe metadata and Kale tags. */
export interface ICellAnnotation {
  step?: string;
  role?: CellRole;
  after: string[];
  /** From Kale's settings tags (`image:`, `limit:`, `cache:`, `secret:`, …). */
  properties: StepProperties;
  /** Kale's `notebook:NAME`: that notebook's steps stand here (composition). */
  notebooks: string[];
  /** True when the cell says anything at all (else it continues the one above). */
  annotated: boolean;
  problems: Problem[];
}

const CELLPIPE_ROLES: CellRole[] = [
  'skip',
  'imports',
  'functions',
  'parameters',
  'metrics'
];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringList(v: unknown): string[] {
  if (typeof v === 'string') {
    return [v];
  }
  return Array.isArray(v)
    ? v.filter((x): x is string => typeof x === 'string')
    : [];
}

interface IMetadataResult {
  step?: string;
  roles: CellRole[];
  after: string[];
  problems: Problem[];
}

function readCellpipeMetadata(cell: ICodeCell): IMetadataResult {
  const raw = cell.metadata.cellpipe;
  const result: IMetadataResult = { roles: [], after: [], problems: [] };
  if (raw === undefined) {
    return result;
  }
  const place = {
    path: `cells.${cell.index}.metadata.cellpipe`,
    cellId: cell.id,
    cellIndex: cell.index
  };
  if (!isRecord(raw)) {
    result.problems.push(
      warning(
        'invalid-metadata',
        'metadata.cellpipe of this cell is not an object and was ignored',
        place
      )
    );
    return result;
  }
  if (typeof raw.step === 'string' && raw.step.length > 0) {
    result.step = raw.step;
  } else if (raw.step !== undefined) {
    result.problems.push(
      warning(
        'invalid-metadata',
        'metadata.cellpipe.step must be a step name (a string)',
        place
      )
    );
  }
  result.after = stringList(raw.after);
  result.roles = CELLPIPE_ROLES.filter(role => raw[role] === true);
  return result;
}

function markProblems(
  roles: CellRole[],
  step: string | undefined,
  place: ProblemPlace
): Problem[] {
  const problems: Problem[] = [];
  if (roles.length > 1) {
    problems.push(
      warning(
        'invalid-metadata',
        `this cell is marked both as ${roles.join(' and ')}: it is treated as ${roles[0]}`,
        place
      )
    );
  }
  if (roles.length > 0 && step !== undefined) {
    problems.push(
      warning(
        'invalid-metadata',
        `this cell names step "${step}" but is marked as ${roles[0]}: it is treated as ${roles[0]}`,
        place
      )
    );
  }
  return problems;
}

/** Kale tags Cellpipe cannot honour or read: a warning each. */
function tagProblems(tags: IKaleTags, place: ProblemPlace): Problem[] {
  const problems = [
    ...tags.invalid.map(m => warning('invalid-metadata', m, place)),
    ...tags.unsupported.map(m => warning('unsupported-kale', m, place))
  ];
  if (tags.step !== undefined && tags.otherSteps.length > 0) {
    const all = [tags.step, ...tags.otherSteps].map(n => `"${n}"`);
    problems.push(
      warning(
        'unsupported-kale',
        `this cell names steps ${all.join(' and ')}: in Cellpipe a cell belongs to one step, so it is part of "${tags.step}" only (old Kale ran it in each)`,
        place
      )
    );
  }
  return problems;
}

/** Reads one code cell's annotation; Cellpipe metadata wins over Kale tags. */
export function readAnnotation(cell: ICodeCell): ICellAnnotation {
  const fromMeta = readCellpipeMetadata(cell);
  const fromTags = readKaleTags(stringList(cell.metadata.tags));
  const place = {
    path: `cells.${cell.index}`,
    cellId: cell.id,
    cellIndex: cell.index
  };
  const roles = [...new Set([...fromMeta.roles, ...fromTags.roles])];
  const step = fromMeta.step ?? fromTags.step;
  const after = [...new Set([...fromMeta.after, ...fromTags.after])];
  return {
    step: roles.length > 0 ? undefined : step,
    role: roles[0],
    after,
    properties: fromTags.properties,
    notebooks: fromTags.notebooks,
    annotated:
      step !== undefined ||
      roles.length > 0 ||
      after.length > 0 ||
      fromTags.notebooks.length > 0,
    problems: [
      ...fromMeta.problems,
      ...markProblems(roles, step, place),
      ...tagProblems(fromTags, place)
    ]
  };
}
