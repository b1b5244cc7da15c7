import type { Contents } from '@jupyterlab/services';
import type { INotebookTracker } from '@jupyterlab/notebook';

import type { ICellpipe } from '../tokens';
import type { PipelineRegistry } from './PipelineRegistry';

/**
 * A notebook (or folder) renamed or moved in JupyterLab takes its runs
 * along, open or not: the server re-points them, then open pipelines under
 * the new path list their runs again.
 */
export function followNotebookRenames(
  contents: Contents.IManager,
  api: ICellpipe.IApi,
  tracker: INotebookTracker,
  registry: PipelineRegistry
): void {
  contents.fileChanged.connect((_, change) => {
    const from = change.oldValue?.path;
    const to = change.newValue?.path;
    if (change.type !== 'rename' || !from || !to || from === to) {
      return;
    }
    void api
      .moveNotebookRuns({ from, to })
      .then(({ moved }) => {
        if (moved === 0) {
          return;
        }
        tracker.forEach(panel => {
          const pipeline = registry.get(panel);
          if (
            pipeline &&
            (pipeline.path === to || pipeline.path.startsWith(`${to}/`))
          ) {
            pipeline.runsMoved();
          }
        });
      })
      .catch(() => {
        // Server away: the runs stay under the old path (renaming back finds them).
      });
  });
}
