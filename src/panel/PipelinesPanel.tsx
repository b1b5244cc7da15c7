import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { ConnectionModel } from '../api/ConnectionModel';
import { ConnectionStatus } from './ConnectionStatus';

/**
 * The "Pipelines" sidebar. For now it shows the server connection; the
 * pipeline graph and runs of the active notebook live here later.
 */
export class PipelinesPanel extends ReactWidget {
  constructor(model: ConnectionModel, onRetry: () => void) {
    super();
    this._model = model;
    this._onRetry = onRetry;
    this.addClass('jp-cellpipe-PipelinesPanel');
  }

  protected render(): JSX.Element {
    return (
      <div className="jp-cellpipe-PipelinesPanel-body">
        <header className="jp-cellpipe-PipelinesPanel-header">
          <h2>Pipelines</h2>
        </header>
        <UseSignal signal={this._model.changed}>
          {() => (
            <ConnectionStatus
              state={this._model.state}
              socket={this._model.socketState}
              onRetry={this._onRetry}
            />
          )}
        </UseSignal>
        <p className="jp-cellpipe-PipelinesPanel-hint">
          Right-click a code cell and choose “Make pipeline step…” to start a
          pipeline.
        </p>
      </div>
    );
  }

  private readonly _model: ConnectionModel;
  private readonly _onRetry: () => void;
}
