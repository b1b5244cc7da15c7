import { memberships, type ICellMarks } from '../cells/cellMarks';

/** One code cell's marks: `m('train')` = metadata step, `t('block:x')` = tags. */
export function m(step: string, extra: Record<string, unknown> = {}) {
  return { cellpipe: { step, ...extra } } as ICellMarks;
}

export function role(name: string): ICellMarks {
  return { cellpipe: { [name]: true } };
}

export function t(...tags: string[]): ICellMarks {
  return { tags };
}

export const plain: ICellMarks = {};

/** Where each cell belongs, in one word: a step name, a role in brackets, or "-". */
export function where(cells: readonly ICellMarks[]): string[] {
  return memberships(cells).map(x =>
    x.kind === 'step' ? x.step : x.kind === 'role' ? `[${x.role}]` : '-'
  );
}
