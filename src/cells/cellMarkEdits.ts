import {
  afterInMetadata,
  CELL_ROLES,
  isPipelineTag,
  isStepSettingTag,
  readCellMetadata,
  roleOfTag,
  stepOfTag,
  type CellRole,
  type ICellMarks,
  type ICellpipeCellMetadata
} from './cellMarks';

/**
 * Edits of one cell's marks. Pure: each returns new marks and leaves the
 * argument alone; unrelated metadata keys and other tools' tags are kept.
 */

/** Settings of a step carried by one of its cells: `after` and `prev:`/`image:`/`limit:` tags. */
export interface IStepSettings {
  after: string[];
  tags: string[];
}

function edit(
  marks: ICellMarks,
  meta: (m: ICellpipeCellMetadata) => void,
  keepTag: (tag: string) => boolean
): ICellMarks {
  const next: ICellMarks = {};
  if (marks.cellpipe) {
    const cellpipe = { ...marks.cellpipe };
    meta(cellpipe);
    if (Object.keys(cellpipe).length > 0) {
      next.cellpipe = cellpipe;
    }
  }
  if (marks.tags) {
    const tags = marks.tags.filter(keepTag);
    // An emptied list is dropped; a list that was already empty stays as it was.
    if (tags.length > 0 || marks.tags.length === 0) {
      next.tags = tags;
    }
  }
  return next;
}

/** Removes `role` (or every role) from the metadata and the tags. */
export function withoutRoles(marks: ICellMarks, role?: CellRole): ICellMarks {
  return edit(
    marks,
    m => CELL_ROLES.filter(r => !role || r === role).forEach(r => delete m[r]),
    tag => {
      const tagRole = roleOfTag(tag);
      return tagRole === undefined || (role !== undefined && tagRole !== role);
    }
  );
}

/** Removes the step name (metadata `step`, `block:`/`step:` tags). */
export function withoutStepName(marks: ICellMarks): ICellMarks {
  return edit(
    marks,
    m => delete m.step,
    tag => stepOfTag(tag) === undefined
  );
}

/** The step settings a cell carries (see IStepSettings). */
export function stepSettingsOf(marks: ICellMarks): IStepSettings {
  return {
    after: afterInMetadata(marks),
    tags: (marks.tags ?? []).filter(isStepSettingTag)
  };
}

export function withoutStepSettings(marks: ICellMarks): ICellMarks {
  return edit(
    marks,
    m => delete m.after,
    tag => !isStepSettingTag(tag)
  );
}

/** Adds step settings (moved from another cell of the same step), once each. */
export function withStepSettings(
  marks: ICellMarks,
  settings: IStepSettings
): ICellMarks {
  const current = stepSettingsOf(marks);
  const after = [...new Set([...current.after, ...settings.after])];
  const next: ICellMarks = { ...marks };
  if (after.length > 0) {
    next.cellpipe = { ...marks.cellpipe, after };
  }
  const tags = settings.tags.filter(t => !(marks.tags ?? []).includes(t));
  if (tags.length > 0) {
    next.tags = [...(marks.tags ?? []), ...tags];
  }
  return next;
}

/** The cell starts (or belongs to) step `name`; a `block:`/`step:` tag is renamed too. */
export function withStepMark(marks: ICellMarks, name: string): ICellMarks {
  const next = withoutRoles(marks);
  next.cellpipe = { ...next.cellpipe, step: name };
  if (next.tags) {
    next.tags = next.tags.map(tag =>
      stepOfTag(tag) === undefined ? tag : `${tag.split(':')[0]}:${name}`
    );
  }
  return next;
}

/** The cell has `role` and no step name or other role (a role excludes them). */
export function withRoleMark(marks: ICellMarks, role: CellRole): ICellMarks {
  const next = withoutStepName(withoutRoles(marks));
  next.cellpipe = { ...next.cellpipe, [role]: true };
  return next;
}

/** No `metadata.cellpipe` and no pipeline tag left; other tags are kept. */
export function withoutPipelineMarks(marks: ICellMarks): ICellMarks {
  return edit(
    { tags: marks.tags },
    () => undefined,
    tag => !isPipelineTag(tag)
  );
}

/**
 * `metadata.cellpipe` of a cell marked as (part of) step `name`: a role it
 * had is dropped (a role excludes being a named step), other keys are kept.
 */
export function withStep(
  cellpipe: unknown,
  name: string
): ICellpipeCellMetadata {
  return withStepMark({ cellpipe: readCellMetadata(cellpipe) }, name).cellpipe!;
}

/** `metadata.cellpipe` without the step name; `undefined` when nothing else remains. */
export function withoutStep(
  cellpipe: unknown
): ICellpipeCellMetadata | undefined {
  return withoutStepName({ cellpipe: readCellMetadata(cellpipe) }).cellpipe;
}
