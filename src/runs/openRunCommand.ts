import { WidgetTracker } from '@jupyterlab/apputils';

import type { ICellpipeContext } from '../plugins/context';
import type { IRunActions } from './actions';
import { CommandIDs } from '../tokens';
import { createRunWidget, RunWidget } from './RunWidget';

/**
 * `cellpipe:open-run {runId, ref?}`: opens a run in the main area, beside
 * the notebook (`split-right` of `ref`) or as a tab after the last run
 * opened; an open run is only activated. Run tabs come back after a reload.
 */
export function registerRunWidget(
  context: ICellpipeContext,
  actions: IRunActions
): WidgetTracker<RunWidget> {
  const { app, api, restorer } = context;
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
        api,
        context.connection.socket,
        actions,
        context.deployments
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
