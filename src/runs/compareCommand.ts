import type { ILayoutRestorer, JupyterFrontEnd } from '@jupyterlab/application';
import { MainAreaWidget, WidgetTracker } from '@jupyterlab/apputils';
import { ReactWidget } from '@jupyterlab/ui-components';
import type { IDisposable } from '@lumino/disposable';
import * as React from 'react';

import { CommandIDs, type ICellpipe, type IRunComparison } from '../tokens';
import { pipelineIcon } from '../ui/icons';
import { ComparePage } from './ComparePage';

/** A Compare tab's content: it loads the comparison and again when one of its runs changes. */
export class CompareView extends ReactWidget {
  constructor(
    readonly runIds: readonly string[],
    private readonly _cellpipe: Pick<ICellpipe, 'api' | 'follow'>,
    private readonly _openRun: (runId: string) => void
  ) {
    super();
    this.addClass('jp-cellpipe-MainPage');
    this.addClass('jp-cellpipe-CompareView');
    this._follow = _cellpipe.follow('runs', ({ event }) => {
      if (event.type === 'run.updated' && runIds.includes(event.run.id)) {
        void this.load();
      }
    });
    void this.load();
  }

  get comparison(): IRunComparison | null {
    return this._comparison;
  }

  async load(): Promise<void> {
    try {
      this._comparison = await this._cellpipe.api.compareRuns(this.runIds);
      this._error = null;
    } catch (err) {
      this._error = err instanceof Error ? err.message : String(err);
    }
    this.update();
  }

  dispose(): void {
    this._follow.dispose();
    super.dispose();
  }

  protected render(): JSX.Element {
    return React.createElement(ComparePage, {
      comparison: this._comparison,
      error: this._error,
      onOpenRun: this._openRun
    });
  }

  private _comparison: IRunComparison | null = null;
  private _error: string | null = null;
  private readonly _follow: IDisposable;
}

/** `cellpipe:compare-runs {runIds}`: the runs side by side in a main-area tab (restored after a reload). */
export function registerCompareCommand(
  app: JupyterFrontEnd,
  cellpipe: ICellpipe,
  restorer: ILayoutRestorer | null
): void {
  const tracker = new WidgetTracker<MainAreaWidget<CompareView>>({
    namespace: 'cellpipe-compare'
  });
  app.commands.addCommand(CommandIDs.compareRuns, {
    label: 'Compare Runs',
    caption: 'Parameters, metrics and steps of runs side by side',
    execute: args => {
      const ids = Array.isArray(args.runIds) ? args.runIds.map(String) : [];
      if (ids.length < 2) {
        return;
      }
      const id = `cellpipe-compare-${ids.join('-')}`;
      const open = tracker.find(w => w.id === id);
      if (open) {
        app.shell.activateById(open.id);
        return open;
      }
      const content = new CompareView(
        ids,
        cellpipe,
        runId => void app.commands.execute(CommandIDs.openRun, { runId })
      );
      const widget = new MainAreaWidget({ content });
      widget.id = id;
      widget.title.icon = pipelineIcon;
      widget.title.label = `Compare ${ids.length} runs`;
      widget.title.caption = `Runs ${ids.join(', ')} side by side`;
      widget.title.closable = true;
      app.shell.add(widget, 'main');
      void tracker.add(widget);
      return widget;
    }
  });
  void restorer?.restore(tracker, {
    command: CommandIDs.compareRuns,
    args: widget => ({ runIds: [...widget.content.runIds] }),
    name: widget => widget.id
  });
}
