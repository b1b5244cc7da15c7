import {
  CELL_METADATA_KEY,
  ownMark,
  readMarks,
  TAGS_KEY
} from '../cells/cellMarks';
import { pythonLiteral } from '../ui/format';

/**
 * Editing a pipeline parameter rewrites its assignment line in the
 * parameters cell (`name = value`). Pure: sources in, sources out. The
 * value text is written as typed; the server checks that it is a literal.
 */

/** A cell as these functions need it (nbformat-like). */
export interface IParameterCell {
  cell_type: string;
  source: string;
  metadata: Record<string, unknown>;
}

/** `parameters`, another mark (step, skip, imports...), or none (it continues the cell above). */
export function cellRole(cell: IParameterCell): 'parameters' | 'other' | null {
  const mark = ownMark(
    readMarks(cell.metadata[CELL_METADATA_KEY], cell.metadata[TAGS_KEY])
  );
  if (mark === null) {
    return null;
  }
  return mark.kind === 'role' && mark.role === 'parameters'
    ? 'parameters'
    : 'other';
}

/**
 * The index of the parameters cell that assigns `name`: a cell marked as
 * parameters, or an unmarked code cell continuing one (Kale's rule).
 */
export function findParameterCell(
  cells: readonly IParameterCell[],
  name: string
): number | null {
  let inParameters = false;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (cell.cell_type !== 'code') {
      continue;
    }
    const role = cellRole(cell);
    if (role !== null) {
      inParameters = role === 'parameters';
    }
    if (inParameters && findAssignment(cell.source, name) !== null) {
      return i;
    }
  }
  return null;
}

export interface IAssignment {
  /** Offsets into the source: the value's first and one-past-last character. */
  valueStart: number;
  valueEnd: number;
}

/**
 * Where the value of the top-level assignment `name = value` (or
 * `name: type = value`) is, spanning lines while brackets or triple
 * quotes are open, and stopping before a trailing comment.
 */
export function findAssignment(
  source: string,
  name: string
): IAssignment | null {
  const pattern = new RegExp(
    `^${escapeRegExp(name)}[ \\t]*(?::[^=\\n]*)?=(?!=)[ \\t]*`,
    'm'
  );
  const match = pattern.exec(source);
  if (!match) {
    return null;
  }
  const valueStart = match.index + match[0].length;
  return { valueStart, valueEnd: valueEnd(source, valueStart) };
}

/** The source with the value of `name` replaced; null when it has no such line. */
export function rewriteParameter(
  source: string,
  name: string,
  valueText: string
): string | null {
  const found = findAssignment(source, name);
  if (!found) {
    return null;
  }
  const value = valueText.trim();
  return (
    source.slice(0, found.valueStart) + value + source.slice(found.valueEnd)
  );
}

/** The text a value field starts with: the value as Python writes it. */
export function parameterText(value: unknown): string {
  return pythonLiteral(value);
}

/** Scans a Python expression; returns where it ends (before spaces and a comment). */
function valueEnd(source: string, start: number): number {
  let depth = 0;
  let i = start;
  let end = start;
  while (i < source.length) {
    const ch = source[i];
    if ((ch === '#' || ch === '\n') && depth === 0) {
      break;
    }
    if (ch === '#') {
      i = lineEnd(source, i);
    } else if (ch === "'" || ch === '"') {
      i = stringEnd(source, i);
      end = i;
    } else if (ch === '\\' && source[i + 1] === '\n') {
      i += 2;
    } else {
      depth += '([{'.includes(ch) ? 1 : ')]}'.includes(ch) ? -1 : 0;
      depth = Math.max(0, depth);
      i++;
      end = /\s/.test(ch) ? end : i;
    }
  }
  return end;
}

function lineEnd(source: string, from: number): number {
  const newline = source.indexOf('\n', from);
  return newline === -1 ? source.length : newline;
}

/** One past the closing quote of the string literal starting at `start`. */
function stringEnd(source: string, start: number): number {
  const quote = source[start];
  const triple = source.startsWith(quote.repeat(3), start);
  const close = triple ? quote.repeat(3) : quote;
  let i = start + close.length;
  while (i < source.length) {
    if (source[i] === '\\') {
      i += 2;
      continue;
    }
    if (!triple && source[i] === '\n') {
      return i;
    }
    if (source.startsWith(close, i)) {
      return i + close.length;
    }
    i++;
  }
  return source.length;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
