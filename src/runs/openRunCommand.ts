import type { ILayoutRestorer, JupyterFrontEnd } from '@jupyterlab/application';
import { WidgetTracker } from '@jupyterlab/apputils';
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';

import type { DeploymentsModel } from '../deployments/DeploymentsModel';
import { CommandIDs, type ICellpipe } from '../tokens';
import type { IRunActions } from './actions';
import { createRunWidget, RunWidget } from './RunWidget';
import { RunTabsFollower } from './RunTabsFollower';

/**
 * `cellpipe:open-run {runId, ref?, notebookPath?}`: opens a run in the main
 * area, beside the notebook (`split-right` of `ref`) or as a tab after the
 * last run opened; an open run is only activated, and with `notebookPath`
 * (a new run of that notebook) the tab following the notebook shows it.
 * `cellpipe:pin-run` keeps a tab on its run. Run tabs come back after a
 * reload, pinned or not.
 */
export interface IOpenRunOptions {
  app: JupyterFrontEnd;
  cellpipe: ICellpipe;
  actions: IRunActions;
  /** Every deployment: a run's artifacts say which of them is deployed. */
  deployments: DeploymentsModel;
  rendermime: IRenderMimeRegistry;
  restorer: ILayoutRestorer | null;
}

export function registerOpenRunCommand(
  options: IOpenRunOptions
): WidgetTracker<RunWidget> {
  const { app, cellpipe, actions, restorer } = options;
  const tracker = new WidgetTracker<RunWidget>({ namespace: 'cellpipe-run' });
  const follower = new RunTabsFollower(cellpipe, tracker);
  app.commands.addCommand(CommandIDs.openRun, {
    label: 'Open Pipeline Run',
    caption: 'Show one run: its steps, logs, metrics and artifacts',
    execute: args => {
      const runId = String(args.runId ?? '');
      if (!runId) {
        return;
      }
      const notebookPath =
        typeof args.notebookPath === 'string' ? args.notebookPath : null;
      if (notebookPath !== null) {
        follower.moveTab({ id: runId, notebookPath });
      }
      const open = tracker.find(w => w.content.runId === runId);
      if (open) {
        app.shell.activateById(open.id);
        return open;
      }
      const widget = createRunWidget(
        runId,
        {
          api: cellpipe.api,
          socket: cellpipe.events,
          actions,
          deployments: options.deployments,
          rendermime: options.rendermime
        },
        args.pinned === true
      );
      // Saved again only when the pin changes: saving on every update of the
      // run (each log line) lost the tab from the layout a reload restores.
      let pinned = widget.content.pinned;
      widget.content.changed.connect(() => {
        if (widget.content.pinned !== pinned) {
          pinned = widget.content.pinned;
          void tracker.save(widget);
        }
      });
      app.shell.add(widget, 'main', placement(tracker, args.ref));
      void tracker.add(widget);
      return widget;
    }
  });
  registerPinCommand(app, tracker);
  void restorer?.restore(tracker, {
    command: CommandIDs.openRun,
    args: widget => ({
      runId: widget.content.runId,
      pinned: widget.content.pinned
    }),
    name: widget => widget.content.runId
  });
  return tracker;
}

/** A tab after the last run opened, else a split to the right of `ref`. */
function placement(tracker: WidgetTracker<RunWidget>, ref: unknown) {
  const last = tracker.currentWidget;
  if (last && last.isAttached) {
    return { mode: 'tab-after' as const, ref: last.id };
  }
  return {
    mode: 'split-right' as const,
    ...(typeof ref === 'string' && ref ? { ref } : {})
  };
}

/** `cellpipe:pin-run {runId?}`: the tab of the run (default: the current run tab) stays on it, or follows again. */
function registerPinCommand(
  app: JupyterFrontEnd,
  tracker: WidgetTracker<RunWidget>
): void {
  const tab = (args: { runId?: unknown }) =>
    typeof args.runId === 'string'
      ? tracker.find(w => w.content.runId === args.runId)
      : tracker.currentWidget;
  app.commands.addCommand(CommandIDs.pinRun, {
    label: 'Pin Run Tab',
    caption:
      "Keep this tab on its run; unpinned, it shows the notebook's newest run",
    isEnabled: args => Boolean(tab(args)),
    isToggled: args => tab(args)?.content.pinned ?? false,
    execute: args => {
      const widget = tab(args);
      if (widget) {
        widget.content.pinned = !widget.content.pinned;
      }
    }
  });
}
