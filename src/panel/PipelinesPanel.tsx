import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import { Signal } from '@lumino/signaling';
import * as React from 'react';

import type { ClusterModel } from '../cluster/ClusterModel';
import { ClusterStatus } from '../cluster/ClusterStatus';
import { offersKubernetes } from '../cluster/clusterSummary';
import type { ICellpipe } from '../tokens';
import { ConnectionStatus } from './ConnectionStatus';

/** Draws the pipeline views; `connected` is true once the server answered. */
export type PipelineViewRenderer = (connected: boolean) => JSX.Element;

/** The Kubernetes status line's model, and how to refresh it (the command). */
export interface IPanelCluster {
  model: ClusterModel;
  onRefresh: () => void;
}

/**
 * The "Pipelines" sidebar: the server connection (and the Kubernetes
 * cluster when the server offers that target), then the pipeline of
 * the active notebook (graph, step properties, parameters, problems,
 * runs), which the panel plugin puts in with `setPipelineView`, and the
 * deployments, which the deployments plugin adds (`setDeploymentsView`).
 */
export class PipelinesPanel extends ReactWidget {
  constructor(
    model: ICellpipe.IConnection,
    onRetry: () => void,
    cluster: IPanelCluster
  ) {
    super();
    this._model = model;
    this._onRetry = onRetry;
    this._cluster = cluster;
    this.addClass('jp-cellpipe-PipelinesPanel');
    model.changed.connect(() => this._loadCluster(false), this);
  }

  dispose(): void {
    Signal.disconnectReceiver(this);
    super.dispose();
  }

  setPipelineView(render: PipelineViewRenderer | null): void {
    this._view = render;
    this.update();
  }

  /** The server's deployments, below the pipeline (they are not per notebook). */
  setDeploymentsView(render: PipelineViewRenderer | null): void {
    this._deployments = render;
    this.update();
  }

  // The message type, without a dependency on @lumino/messaging for it.
  protected onAfterShow(
    msg: Parameters<ReactWidget['processMessage']>[0]
  ): void {
    super.onAfterShow(msg);
    this._loadCluster(true);
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
        {offersKubernetes(state) ? (
          <ClusterStatus
            model={this._cluster.model}
            onRefresh={this._cluster.onRefresh}
            quiet
          />
        ) : null}
        {this._view ? (
          this._view(connected)
        ) : (
          <p className="jp-cellpipe-PipelinesPanel-hint">
            Right-click a code cell and choose “Make pipeline step…” to start a
            pipeline.
          </p>
        )}
        {this._deployments ? this._deployments(connected) : null}
      </>
    );
  }

  /**
   * Checks the cluster only while the panel is visible: on every show, and
   * once per server when the connection comes up with a Kubernetes target.
   */
  private _loadCluster(onShow: boolean): void {
    const state = this._model.state;
    if (!offersKubernetes(state)) {
      // A reconnect (server restarted, settings changed) checks again.
      this._clusterServer = null;
      return;
    }
    if (!this.isVisible) {
      return;
    }
    if (onShow || this._clusterServer !== state.server) {
      this._clusterServer = state.server;
      this._cluster.onRefresh();
    }
  }

  private readonly _model: ICellpipe.IConnection;
  private readonly _onRetry: () => void;
  private readonly _cluster: IPanelCluster;
  private _view: PipelineViewRenderer | null = null;
  private _deployments: PipelineViewRenderer | null = null;
  /** The server whose cluster was last checked. */
  private _clusterServer: string | null = null;
}
