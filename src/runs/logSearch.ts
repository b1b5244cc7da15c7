import type { ILogLine } from '../tokens';

/** ANSI escape sequences (colours, cursor moves) and OSC sequences. */
const ANSI =
  // eslint-disable-next-line no-control-regex
  /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)/g;

/** The text of a log line without its ANSI escapes. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export interface ISegment {
  text: string;
  /** True where the search query matched. */
  hit: boolean;
}

export interface ILogMatch {
  line: ILogLine;
  segments: ISegment[];
}

/**
 * The lines that contain `query` (case-insensitive, ANSI escapes ignored),
 * each cut into segments so the matches can be highlighted.
 */
export function searchLines(
  lines: readonly ILogLine[],
  query: string
): ILogMatch[] {
  const needle = query.toLowerCase();
  if (needle === '') {
    return [];
  }
  const matches: ILogMatch[] = [];
  for (const line of lines) {
    const text = stripAnsi(line.line);
    const segments = splitMatches(text, needle);
    if (segments.some(s => s.hit)) {
      matches.push({ line, segments });
    }
  }
  return matches;
}

/** `text` cut at each case-insensitive occurrence of the lower-case `needle`. */
export function splitMatches(text: string, needle: string): ISegment[] {
  const lower = text.toLowerCase();
  const segments: ISegment[] = [];
  let from = 0;
  for (;;) {
    const at = needle === '' ? -1 : lower.indexOf(needle, from);
    if (at === -1) {
      break;
    }
    if (at > from) {
      segments.push({ text: text.slice(from, at), hit: false });
    }
    segments.push({ text: text.slice(at, at + needle.length), hit: true });
    from = at + needle.length;
  }
  if (from < text.length || segments.length === 0) {
    segments.push({ text: text.slice(from), hit: false });
  }
  return segments;
}
