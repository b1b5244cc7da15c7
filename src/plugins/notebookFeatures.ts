import type { ICellpipeContext } from './context';

/** Cell commands, cell decorations, the toolbar button and the run dialog. */
export function activateNotebookFeatures(context: ICellpipeContext): void {
  void context;
}
