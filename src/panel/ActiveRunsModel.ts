import { ISignal, Signal } from '@lumino/signaling';

import type { NotebookPipeline } from '../pipelines/NotebookPipeline';
import type { PipelineRegistry } from '../pipelines/PipelineRegistry';
import { RunsModel } from '../pipelines/RunsModel';
import type { ICellpipe, IRunSummary } from '../tokens';

/** How many runs the panel lists. */
export const RUNS_LISTED = 20;

/**
 * The run list of the active notebook, live, for the panel's Runs section:
 * loaded again for each notebook (or path) shown and each time the server
 * becomes reachable. While the server is away the last list stays shown.
 */
export class ActiveRunsModel {
  constructor(
    private readonly api: ICellpipe.IApi,
    private readonly events: ICellpipe.IEvents,
    private readonly connection: ICellpipe.IConnection,
    private readonly registry: PipelineRegistry
  ) {
    connection.changed.connect(this._update, this);
    registry.currentChanged.connect(this._follow, this);
    // A notebook can become current before its pipeline exists.
    registry.added.connect(this._follow, this);
    this._follow();
  }

  get runs(): readonly IRunSummary[] {
    return this._list?.runs ?? [];
  }

  /** Why the list could not be loaded. */
  get error(): string | null {
    return this._error;
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  dispose(): void {
    // Every connection above has this model as its receiver.
    Signal.clearData(this);
    this._list?.dispose();
  }

  /** Follows the active notebook's pipeline (its path can change). */
  private _follow(): void {
    const pipeline = this.registry.current;
    if (pipeline === this._pipeline) {
      return;
    }
    this._pipeline?.changed.disconnect(this._update, this);
    this._pipeline = pipeline;
    pipeline?.changed.connect(this._update, this);
    // Another notebook's runs are not this one's, not even for a moment.
    this._list?.dispose();
    this._list = null;
    this._error = null;
    this._key = null;
    this._update();
    this._changed.emit();
  }

  private _update(): void {
    const path = this._pipeline?.path ?? null;
    const connected = this.connection.state.status === 'connected';
    const key =
      connected && path !== null
        ? `${this._pipeline?.runsVersion ?? 0} ${path}`
        : null;
    if (key === this._key) {
      return;
    }
    this._key = key;
    this._list?.dispose();
    if (key !== null && path !== null) {
      this._load(path);
    }
  }

  private _load(path: string): void {
    const list = new RunsModel(this.api, this.events, path, RUNS_LISTED);
    list.changed.connect(() => this._changed.emit(), this);
    this._list = list;
    this._error = null;
    this._changed.emit();
    list.load().catch(err => {
      if (list === this._list) {
        const why = err instanceof Error ? err.message : err;
        this._error = `Runs unavailable: ${why}`;
        this._changed.emit();
      }
    });
  }

  private _pipeline: NotebookPipeline | null = null;
  private _list: RunsModel | null = null;
  private _key: string | null = null;
  private _error: string | null = null;
  private readonly _changed = new Signal<this, void>(this);
}
