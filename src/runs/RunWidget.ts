import { MainAreaWidget } from '@jupyterlab/apputils';
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ReactWidget } from '@jupyterlab/ui-components';
import { ISignal, Signal } from '@lumino/signaling';
import * as React from 'react';

import type { DeploymentsModel } from '../deployments/DeploymentsModel';
import { RunModel } from '../pipelines/RunModel';
import type { ICellpipe } from '../tokens';
import { pipelineIcon } from '../ui/icons';
import type { IRunActions } from './actions';
import { RunPage } from './RunPage';
import type { IRunTabState } from './runFollowing';
import { runTabTitle } from './runTabTitle';

/** What a run tab needs besides its run. */
export interface IRunViewDeps {
  api: ICellpipe.IApi;
  socket: ICellpipe.IEvents;
  actions: IRunActions;
  /** Every deployment: a run's artifacts say which of them is deployed. */
  deployments: DeploymentsModel;
  /** Renders the outputs of the run's cells. */
  rendermime: IRenderMimeRegistry;
}

/**
 * The content of a run tab: it makes and owns the live RunModel of the run
 * it shows (its component only draws it). Unless pinned, the tab moves on
 * to its notebook's newer runs (`showRun`).
 */
export class RunView extends ReactWidget {
  constructor(
    runId: string,
    private readonly _deps: IRunViewDeps,
    pinned = false
  ) {
    super();
    this.addClass('jp-cellpipe-MainPage');
    this.addClass('jp-cellpipe-RunView');
    this._pinned = pinned;
    this._model = this._load(runId);
  }

  get runId(): string {
    return this._model.runId;
  }

  get model(): RunModel {
    return this._model;
  }

  /** Pinned: the tab stays on its run when the notebook runs again. */
  get pinned(): boolean {
    return this._pinned;
  }

  set pinned(value: boolean) {
    if (value !== this._pinned) {
      this._pinned = value;
      this._changed.emit();
      this.update();
    }
  }

  /** Emits when the tab shows another run, its run changes, or it is pinned or unpinned. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get tabState(): IRunTabState {
    return {
      runId: this.runId,
      notebookPath: this._model.record?.notebookPath ?? null,
      pinned: this._pinned
    };
  }

  /** Shows run `runId` in this tab (the old run's model is let go). */
  showRun(runId: string): void {
    if (runId === this.runId) {
      return;
    }
    this._model.changed.disconnect(this._onModelChanged, this);
    this._model.dispose();
    this._model = this._load(runId);
    this._changed.emit();
    this.update();
  }

  dispose(): void {
    if (!this.isDisposed) {
      this._model.dispose();
    }
    super.dispose();
  }

  protected render(): JSX.Element {
    return React.createElement(RunPage, {
      // A new run starts a new page (its selection, its graph layout).
      key: this.runId,
      model: this._model,
      actions: this._deps.actions,
      deployments: this._deps.deployments,
      rendermime: this._deps.rendermime,
      pin: {
        pinned: this._pinned,
        toggle: () => (this.pinned = !this._pinned)
      }
    });
  }

  private _load(runId: string): RunModel {
    const model = new RunModel(this._deps.api, this._deps.socket, runId);
    model.changed.connect(this._onModelChanged, this);
    void model.load();
    return model;
  }

  private _onModelChanged(): void {
    this._changed.emit();
  }

  private _model: RunModel;
  private _pinned: boolean;
  private readonly _changed = new Signal<this, void>(this);
}

export type RunWidget = MainAreaWidget<RunView>;

/** A main-area tab for run `runId`, titled with its name and status. */
export function createRunWidget(
  runId: string,
  deps: IRunViewDeps,
  pinned = false
): RunWidget {
  const content = new RunView(runId, deps, pinned);
  const widget = new MainAreaWidget({ content });
  widget.id = `cellpipe-run-${runId}`;
  widget.title.icon = pipelineIcon;
  widget.title.closable = true;
  const retitle = () => {
    const record = content.model.record;
    const pin = content.pinned ? ' (pinned)' : '';
    widget.title.label = record ? runTabTitle(record) : `Run ${content.runId}`;
    widget.title.caption = record
      ? `Cellpipe run ${record.id} of ${record.notebookPath ?? record.name}${pin}`
      : `Cellpipe run ${content.runId}${pin}`;
  };
  retitle();
  content.changed.connect(retitle);
  return widget;
}
