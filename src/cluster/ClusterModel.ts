import { ISignal, Signal } from '@lumino/signaling';

import type { ICellpipe, IClusterStatus } from '../tokens';

/** The Kubernetes cluster as last checked by the server. */
export interface IClusterView {
  /** Null before the first answer, and after a check that failed. */
  status: IClusterStatus | null;
  /** Why the server could not be asked (not why the cluster is unusable). */
  error: string | null;
  loading: boolean;
}

/**
 * The Kubernetes target's status (`GET /api/cluster`), shared by the
 * Pipelines panel and the run dialog. The server does the checking; this
 * only keeps its latest answer.
 */
export class ClusterModel {
  constructor(private readonly api: ICellpipe.IApi) {}

  get view(): IClusterView {
    return this._view;
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** Asks the server again; the previous answer stays shown meanwhile. */
  async refresh(): Promise<void> {
    const ticket = ++this._ticket;
    this._set({ ...this._view, loading: true });
    let next: IClusterView;
    try {
      next = {
        status: await this.api.getCluster(),
        error: null,
        loading: false
      };
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      next = { status: null, error, loading: false };
    }
    // Only the latest check counts (a refresh may overtake a slow one).
    if (ticket === this._ticket) {
      this._set(next);
    }
  }

  private _set(view: IClusterView): void {
    this._view = view;
    this._changed.emit();
  }

  private _view: IClusterView = { status: null, error: null, loading: false };
  private _ticket = 0;
  private readonly _changed = new Signal<this, void>(this);
}
