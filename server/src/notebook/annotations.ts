import type { StepProperties } from '../spec/pipelineSchema.js';
import { warning, type Problem } from '../spec/problems.js';
import type { ICodeCell } from './notebookSchema.js';

/** What a cell does in the pipeline besides running as part of a step. */
export type CellRole =
  'skip' | 'imports' | 'functions' | 'parameters' | 'metrics';

/** The annotation of one code cell, from Cellpipe metadata and Kale tags. */
export interface ICellAnnotation {
  step?: string;
  role?: CellRole;
  after: string[];
  /** From Kale's `image:` and `limit:` tags. */
  properties: StepProperties;
  /** True when the cell says anything at all (else it continues the one above). */
  annotated: boolean;
  problems: Problem[];
}

/** Kale's role tags, plus papermill's `parameters` tag for the same cell. */
const KALE_ROLES: Record<string, CellRole> = {
  skip: 'skip',
  parameters: 'parameters',
  imports: 'imports',
  functions: 'functions',
  'pipeline-parameters': 'parameters',
  'pipeline-metrics': 'metrics'
};
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

/** Kale's `limit:RESOURCE:AMOUNT` mapped onto Elyra's property names. */
function applyLimit(
  resource: string,
  amount: string,
  props: StepProperties
): boolean {
  if (resource === 'cpu') {
    props.cpu_limit = amount;
  } else if (resource === 'memory') {
    props.memory_limit = amount;
  } else if (/^[a-z0-9.-]+\/gpu$/.test(resource) && /^\d+$/.test(amount)) {
    props.gpu = Number(amount);
    props.gpu_vendor = resource;
  } else {
    return false;
  }
  return true;
}

interface ITagResult {
  step?: string;
  roles: CellRole[];
  after: string[];
  properties: StepProperties;
  unknown: string[];
}

function readKaleTags(tags: string[]): ITagResult {
  const result: ITagResult = {
    roles: [],
    after: [],
    properties: {},
    unknown: []
  };
  for (const tag of tags) {
    const [head, ...rest] = tag.split(':');
    const arg = rest.join(':');
    if (Object.hasOwn(KALE_ROLES, tag)) {
      result.roles.push(KALE_ROLES[tag]);
    } else if ((head === 'block' || head === 'step') && arg) {
      result.step ??= arg;
    } else if (head === 'prev' && arg) {
      result.after.push(arg);
    } else if (head === 'image' && arg) {
      result.properties.runtime_image = arg;
    } else if (head === 'limit' && rest.length >= 2) {
      const amount = rest[rest.length - 1];
      if (!applyLimit(rest.slice(0, -1).join(':'), amount, result.properties)) {
        result.unknown.push(tag);
      }
    }
    // Other tags belong to other tools: ignored.
  }
  return result;
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

/** Reads one code cell's annotation; Cellpipe metadata wins over Kale tags. */
export function readAnnotation(cell: ICodeCell): ICellAnnotation {
  const fromMeta = readCellpipeMetadata(cell);
  const fromTags = readKaleTags(stringList(cell.metadata.tags));
  const place = {
    path: `cells.${cell.index}`,
    cellId: cell.id,
    cellIndex: cell.index
  };
  const problems = [...fromMeta.problems];
  const roles = [...new Set([...fromMeta.roles, ...fromTags.roles])];
  const step = fromMeta.step ?? fromTags.step;
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
  for (const tag of fromTags.unknown) {
    problems.push(
      warning(
        'invalid-metadata',
        `tag "${tag}" names a resource Cellpipe does not know (use cpu, memory or VENDOR/gpu)`,
        place
      )
    );
  }
  const after = [...new Set([...fromMeta.after, ...fromTags.after])];
  return {
    step: roles.length > 0 ? undefined : step,
    role: roles[0],
    after,
    properties: fromTags.properties,
    annotated: step !== undefined || roles.length > 0 || after.length > 0,
    problems
  };
}
