import type { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ISignal, Signal } from '@lumino/signaling';

import type { ICellpipe } from '../tokens';
import { NotebookPipeline } from './NotebookPipeline';

/** One NotebookPipeline per open notebook; follows the active notebook. */
export class PipelineRegistry {
  constructor(
    private readonly api: ICellpipe.IApi,
    private readonly socket: ICellpipe.IEvents,
    private readonly tracker: INotebookTracker
  ) {
    tracker.widgetAdded.connect((_, panel) => this._add(panel));
    tracker.currentChanged.connect(() =>
      this._currentChanged.emit(this.current)
    );
    tracker.forEach(panel => this._add(panel));
  }

  /** The pipeline of the active notebook, if any. */
  get current(): NotebookPipeline | null {
    const panel = this.tracker.currentWidget;
    return panel ? (this._pipelines.get(panel) ?? null) : null;
  }

  get currentChanged(): ISignal<this, NotebookPipeline | null> {
    return this._currentChanged;
  }

  get(panel: NotebookPanel): NotebookPipeline | null {
    return this._pipelines.get(panel) ?? null;
  }

  /** Emits when a notebook's pipeline is created (cell decorations attach here). */
  get added(): ISignal<this, NotebookPipeline> {
    return this._added;
  }

  private _add(panel: NotebookPanel): void {
    if (this._pipelines.has(panel)) {
      return;
    }
    const pipeline = new NotebookPipeline(this.api, this.socket, panel);
    this._pipelines.set(panel, pipeline);
    panel.disposed.connect(() => {
      pipeline.dispose();
      this._pipelines.delete(panel);
    });
    void panel.context.ready.then(() => {
      this._added.emit(pipeline);
      return pipeline.start();
    });
  }

  private readonly _pipelines = new Map<NotebookPanel, NotebookPipeline>();
  private readonly _currentChanged = new Signal<this, NotebookPipeline | null>(
    this
  );
  private readonly _added = new Signal<this, NotebookPipeline>(this);
}
