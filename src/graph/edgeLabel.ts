/** Labels longer than this many variables end in `+N`. */
const MAX_LABEL_VARIABLES = 3;

/**
 * Graphs with more edges than this draw them without labels: each label is
 * measured in the page, and at the zoom such a graph needs they are unreadable.
 */
export const MAX_LABELLED_EDGES = 120;

/** The server's hidden value that carries seeded random generators (docs/fidelity.md). */
const RANDOM_STATE = '__cellpipe_random_state__';

/**
 * `x, y, z` or `a, b, c +2`; a variable the sender changed in place reads
 * `model (changed)`; the carried random generators read `random state`;
 * empty for an explicit edge without variables.
 */
export function edgeLabel(
  variables: readonly string[],
  changed: readonly string[] = []
): string {
  const named = variables.map(v =>
    v === RANDOM_STATE
      ? 'random state'
      : changed.includes(v)
        ? `${v} (changed)`
        : v
  );
  if (named.length <= MAX_LABEL_VARIABLES) {
    return named.join(', ');
  }
  const shown = named.slice(0, MAX_LABEL_VARIABLES).join(', ');
  return `${shown} +${variables.length - MAX_LABEL_VARIABLES}`;
}

// React Flow draws labels in 10px text with 4px/2px of background around it.
// The layout reserves room from this estimate, a little wider than the
// average glyph of a sans-serif face, so a measured label fits in its room.
const CHAR_WIDTH = 6.2;
const LABEL_PADDING_X = 10;
export const LABEL_HEIGHT = 22;

/** The room a label of `text` is given in the layout. */
export function labelSize(text: string): { width: number; height: number } {
  return {
    width: Math.ceil(text.length * CHAR_WIDTH + LABEL_PADDING_X),
    height: LABEL_HEIGHT
  };
}
