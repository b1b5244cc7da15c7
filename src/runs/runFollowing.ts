/**
 * Which open run tab shows a new run of its notebook (pure). A tab follows
 * its notebook's latest run unless it is pinned; one tab per notebook moves
 * (the one used last), and none when a tab shows the new run already.
 */
export interface IRunTabState {
  runId: string;
  /** The notebook of the run it shows (null until loaded or for CLI runs without one). */
  notebookPath: string | null;
  pinned: boolean;
}

/** The index (in `tabs`, most recently used first) of the tab that should show `run`, or -1. */
export function tabToFollow(
  tabs: readonly IRunTabState[],
  run: { id: string; notebookPath: string | null }
): number {
  if (run.notebookPath === null || tabs.some(t => t.runId === run.id)) {
    return -1;
  }
  return tabs.findIndex(t => !t.pinned && t.notebookPath === run.notebookPath);
}
