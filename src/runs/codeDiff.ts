import { diffLines } from 'diff';

/**
 * The code of a step in two runs as a line diff (pure): which lines stayed,
 * which the later run added and which it removed, numbered on each side.
 */
export type DiffKind = 'same' | 'added' | 'removed';

export interface IDiffLine {
  kind: DiffKind;
  text: string;
  /** Line number in the earlier code (null for an added line). */
  before: number | null;
  /** Line number in the later code (null for a removed line). */
  after: number | null;
}

export interface ICodeDiff {
  lines: IDiffLine[];
  added: number;
  removed: number;
}

/** Every line ends with a newline, so a last line without one is not a change. */
function terminated(code: string): string {
  return code === '' || code.endsWith('\n') ? code : `${code}\n`;
}

export function lineDiff(before: string, after: string): ICodeDiff {
  const lines: IDiffLine[] = [];
  let old = 0;
  let now = 0;
  for (const change of diffLines(terminated(before), terminated(after))) {
    const kind: DiffKind = change.added
      ? 'added'
      : change.removed
        ? 'removed'
        : 'same';
    for (const text of change.value.replace(/\n$/, '').split('\n')) {
      const was = kind === 'added' ? null : ++old;
      const is = kind === 'removed' ? null : ++now;
      lines.push({ kind, text, before: was, after: is });
    }
  }
  return {
    lines,
    added: lines.filter(l => l.kind === 'added').length,
    removed: lines.filter(l => l.kind === 'removed').length
  };
}

/** One later run's code against the earliest run that has the step. */
export interface IStepCodeDiff {
  /** Indexes into the comparison's runs. */
  from: number;
  to: number;
  /** Null when the later run does not have the step. */
  diff: ICodeDiff | null;
}

/**
 * The diffs to show for a step whose code changed: each run whose code
 * differs from the first run's that has the step, against that run.
 */
export function stepCodeDiffs(
  code: readonly (string | null)[]
): IStepCodeDiff[] {
  const from = code.findIndex(c => c !== null);
  if (from < 0) {
    return [];
  }
  const base = code[from]!;
  const diffs: IStepCodeDiff[] = [];
  code.forEach((later, to) => {
    if (to > from && later !== base) {
      diffs.push({
        from,
        to,
        diff: later === null ? null : lineDiff(base, later)
      });
    }
  });
  return diffs;
}
