import { ISignal, Signal } from '@lumino/signaling';

import type { ICellpipe, IChannelEvent, IRunSummary } from '../tokens';
import { applyRunListEvent } from './runReducer';

/** The runs of one notebook (or all runs), newest first, kept live over the socket. */
export class RunsModel {
  constructor(
    private readonly api: ICellpipe.IApi,
    private readonly socket: ICellpipe.IEvents,
    readonly notebookPath: string | null,
    private readonly limit = 50
  ) {
    socket.event.connect(this._onEvent, this);
  }

  get runs(): readonly IRunSummary[] {
    return this._runs;
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  async load(): Promise<void> {
    const list = await this.api.listRuns({
      notebook: this.notebookPath ?? undefined,
      limit: this.limit
    });
    this._runs = list.runs;
    this.socket.subscribe('runs', list.seq);
    this._changed.emit();
  }

  dispose(): void {
    this.socket.event.disconnect(this._onEvent, this);
  }

  private _onEvent(_: unknown, { channel, envelope }: IChannelEvent): void {
    if (channel !== 'runs') {
      return;
    }
    const next = applyRunListEvent(
      this._runs,
      envelope.event,
      run =>
        this.notebookPath === null || run.notebookPath === this.notebookPath
    );
    if (next !== this._runs) {
      this._runs = next.slice(0, this.limit);
      this._changed.emit();
    }
  }

  private _runs: IRunSummary[] = [];
  private readonly _changed = new Signal<this, void>(this);
}
