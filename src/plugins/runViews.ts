import type { PipelinesPanel } from '../panel/PipelinesPanel';
import type { ICellpipeContext } from './context';

/** The pipeline graph and runs in the Pipelines panel, and the run widget. */
export function activateRunViews(
  context: ICellpipeContext,
  panel: PipelinesPanel
): void {
  void context;
  void panel;
}
