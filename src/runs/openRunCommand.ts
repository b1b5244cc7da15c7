import type { ILayoutRestorer, JupyterFrontEnd } from '@jupyterlab/application';
import { WidgetTracker } from '@jupyterlab/apputils';

import type { DeploymentsModel } from '../deployments/DeploymentsModel';
import { CommandIDs, type ICellpipe } from '../tokens';
import type { IRunActions } from './actions';
import { createRunWidget, RunWidget } from './RunWidget';

/**
 * `cellpipe:open-run {runId, ref?}`: opens a run in the main area, beside
 * the notebook (`split-right` of `ref`) or as a tab after the last run
 * opened; an open run is only activated. Run tabs come back after a reload.
 */
export interface IOpenRunOptions {
  app: JupyterFrontEnd;
  cellpipe: ICellpipe;
  actions: IRunActions;
  /** Every deployment: a run's artifacts say which of them is deployed. */
  deployments: DeploymentsModel;
  restorer: ILayoutRestorer | null;
}

export function registerOpenRunCommand(
  options: IOpenRunOptions
): WidgetTracker<RunWidget> {
  const { app, cellpipe, actions, restorer } = options;
  const tracker = new WidgetTracker<RunWidget>({ namespace: 'cellpipe-run' });
  app.commands.addCommand(CommandIDs.openRun, {
    label: 'Open Pipeline Run',
    caption: 'Show one run: its steps, logs, metrics and artifacts',
    execute: args => {
      const runId = String(args.runId ?? '');
      if (!runId) {
        return;
      }
      const open = tracker.find(w => w.content.runId === runId);
      if (open) {
        app.shell.activateById(open.id);
        return open;
      }
      const widget = createRunWidget(
        runId,
        cellpipe.api,
        cellpipe.events,
        actions,
        options.deployments
      );
      app.shell.add(widget, 'main', placement(tracker, args.ref));
      void tracker.add(widget);
      return widget;
    }
  });
  void restorer?.restore(tracker, {
    command: CommandIDs.openRun,
    args: widget => ({ runId: widget.content.runId }),
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
