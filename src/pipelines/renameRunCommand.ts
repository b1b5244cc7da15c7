import { InputDialog, showErrorMessage } from '@jupyterlab/apputils';
import type { CommandRegistry } from '@lumino/commands';

import { CommandIDs, type ICellpipe } from '../tokens';
import type { IContextRun } from '../ui/contextMenuRun';

/** A run's name, as the server keeps it (PATCH /api/runs/:id trims and limits it too). */
export const MAX_RUN_TITLE = 200;

/**
 * `cellpipe:rename-run {runId, title?}`: names a run (asks when no `title`
 * is given). Views follow through the `run.updated` event. Without a runId
 * (a context menu), the run under the menu (`contextRun`).
 */
export function registerRenameRunCommand(
  commands: CommandRegistry,
  api: ICellpipe.IApi,
  contextRun: () => IContextRun | null = () => null
): void {
  commands.addCommand(CommandIDs.renameRun, {
    label: 'Rename Run…',
    caption: 'Give a run a name of its own (its tab and the runs list show it)',
    execute: async args => {
      const fromMenu = args.runId ? null : contextRun();
      const runId = String(args.runId ?? fromMenu?.runId ?? '');
      if (!runId) {
        return;
      }
      let title = typeof args.title === 'string' ? args.title : null;
      if (title === null) {
        const answer = await InputDialog.getText({
          title: 'Rename run',
          label: 'Run name',
          text: String(args.current ?? fromMenu?.title ?? ''),
          okLabel: 'Rename'
        });
        if (!answer.button.accept || answer.value === null) {
          return;
        }
        title = answer.value;
      }
      title = title.trim();
      if (!title) {
        return;
      }
      try {
        await api.renameRun(runId, title.slice(0, MAX_RUN_TITLE));
      } catch (err) {
        await showErrorMessage(
          'Run not renamed',
          err instanceof Error ? err.message : String(err)
        );
      }
    }
  });
}
