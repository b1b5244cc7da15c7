import { Dialog, showDialog, showErrorMessage } from '@jupyterlab/apputils';
import type { CommandRegistry } from '@lumino/commands';

import { CommandIDs, type ICellpipe } from '../tokens';
import type { IContextRun } from '../ui/contextMenuRun';

/**
 * `cellpipe:delete-run {runId, title?}`: asks first (naming the deployments
 * the run backs, which the server will refuse to leave without their
 * model), then deletes the run with its logs, outputs and artifacts.
 * Without a runId (a context menu), the run under the menu (`contextRun`).
 */
export function registerDeleteRunCommand(
  commands: CommandRegistry,
  api: ICellpipe.IApi,
  contextRun: () => IContextRun | null = () => null
): void {
  commands.addCommand(CommandIDs.deleteRun, {
    label: 'Delete Run…',
    caption: 'Delete a run with its logs, outputs and artifacts',
    execute: async args => {
      const fromMenu = args.runId ? null : contextRun();
      const runId = String(args.runId ?? fromMenu?.runId ?? '');
      if (!runId) {
        return;
      }
      const title = String(args.title ?? fromMenu?.title ?? runId);
      const deployed = await api
        .listDeployments(runId)
        .then(list => list.deployments.map(d => d.name))
        .catch(() => []);
      const body =
        deployed.length > 0
          ? `Run “${title}” backs the deployment${deployed.length > 1 ? 's' : ''} ${deployed.join(', ')}: undeploy ${deployed.length > 1 ? 'them' : 'it'} first, the server keeps a deployed run.`
          : `Delete run “${title}” (${runId}) with its logs, outputs and artifacts? This cannot be undone.`;
      const answer = await showDialog({
        title: 'Delete run',
        body,
        buttons: [
          Dialog.cancelButton(),
          Dialog.warnButton({ label: 'Delete', ariaLabel: 'Delete run' })
        ]
      });
      if (!answer.button.accept) {
        return;
      }
      try {
        await api.deleteRun(runId);
      } catch (err) {
        await showErrorMessage(
          'Run not deleted',
          err instanceof Error ? err.message : String(err)
        );
      }
    }
  });
}
