import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { ConnectionModel } from '../api/ConnectionModel';
import { ConnectionStatus } from './ConnectionStatus';

/** Draws the pipeline views; `connected` is true once the server answered. */
export type PipelineViewRenderer = (connected: boolean) => JSX.Element;

/**
 * The "Pipelines" sidebar: the server connection, then the pipeline of
 * the active notebook (graph, step properties, parameters, problems,
 * runs), which the run views plug in with `setPipelineView`.
 */
export class PipelinesPanel extends ReactWidget {
  constructor(model: ConnectionModel, onRetry: () => void) {
    super();
    this._model = model;
    this._onRetry = onRetry;
    this.addClass('jp-cellpipe-PipelinesPanel');
  }

  setPipelineView(render: PipelineViewRenderer | null): void {
    this._view = render;
    this.update();
  }

  protected render(): JSX.Element {
    return (
      <div className="jp-cellpipe-PipelinesPanel-body">
        <header className="jp-cellpipe-PipelinesPanel-header">
          <h2>Pipelines</h2>
        </header>
        <UseSignal signal={this._model.changed}>
          {() => this._renderBody()}
        </UseSignal>
      </div>
    );
  }

  private _renderBody(): JSX.Element {
    const state = this._model.state;
    const connected = state.status === 'connected';
    return (
      <>
        <ConnectionStatus
          state={state}
          socket={this._model.socketState}
          onRetry={this._onRetry}
          compact={connected && this._view !== null}
        />
        {this._view ? (
          this._view(connected)
        ) : (
          <p className="jp-cellpipe-PipelinesPanel-hint">
            Right-click a code cell and choose “Make pipeline step…” to start a
            pipeline.
          </p>
        )}
      </>
    );
  }

  private readonly _model: ConnectionModel;
  private readonly _onRetry: () => void;
  private _view: PipelineViewRenderer | null = null;
}
