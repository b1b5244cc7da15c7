/** Log lines kept per step in the browser (RunModel); the log view says when older ones are left out. */
export const MAX_LINES_PER_STEP = 5000;
