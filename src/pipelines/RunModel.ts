import { ISignal, Signal } from '@lumino/signaling';

import type {
  Channel,
  ICellpipe,
  IChannelEvent,
  ILogLine,
  IRunOutputs,
  IRunRecord,
  IRunSources
} from '../tokens';
import { MAX_LINES_PER_STEP } from './logWindow';
import { applyRunEvent } from './runReducer';
import { applyOutputEvent } from './runOutputs';

/**
 * One run, kept live: the record from the REST API, then every event after
 * its `seq` from the socket (so a reload or a reconnect misses nothing).
 * Log lines of each step arrive with the same subscription.
 */
export class RunModel {
  constructor(
    private readonly api: ICellpipe.IApi,
    private readonly socket: ICellpipe.IEvents,
    readonly runId: string
  ) {
    this.channel = `run:${runId}`;
    socket.event.connect(this._onEvent, this);
  }

  readonly channel: Channel;

  get record(): IRunRecord | null {
    return this._record;
  }

  get error(): string | null {
    return this._error;
  }

  /** Emits after every change of the record or the logs. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** Emits each new log line (for views that append rather than redraw). */
  get logAdded(): ISignal<this, ILogLine> {
    return this._logAdded;
  }

  /** What the run's cells showed so far (null until loaded). */
  get outputs(): IRunOutputs | null {
    return this._outputs;
  }

  /** The code cells' sources as the run received them (null until loaded, or when the server cannot say). */
  get sources(): IRunSources | null {
    return this._sources;
  }

  logs(step: string): readonly ILogLine[] {
    return this._logs.get(step) ?? [];
  }

  /** Loads the record and the logs so far, then follows the run live. */
  async load(): Promise<void> {
    try {
      const [record, outputs, sources] = await Promise.all([
        this.api.getRun(this.runId),
        this.api.getOutputs(this.runId).catch(() => null),
        this.api.getRunSources(this.runId).catch(() => null)
      ]);
      this._record = record;
      this._sources = sources;
      this._outputs = outputs ?? { seq: record.seq, cells: [] };
      await Promise.all(
        record.steps.map(async s =>
          this._logs.set(
            s.name,
            (await this.api.getLogs(this.runId, s.name)).lines.slice(
              -MAX_LINES_PER_STEP
            )
          )
        )
      );
      // From the older of the two reads: each reducer skips what it has.
      this.socket.subscribe(
        this.channel,
        Math.min(record.seq, this._outputs.seq)
      );
      this._error = null;
    } catch (err) {
      this._error = err instanceof Error ? err.message : String(err);
    }
    this._changed.emit();
  }

  dispose(): void {
    this.socket.event.disconnect(this._onEvent, this);
    this.socket.unsubscribe(this.channel);
  }

  private _onEvent(_: unknown, { channel, envelope }: IChannelEvent): void {
    if (channel !== this.channel || !this._record) {
      return;
    }
    const event = envelope.event;
    if (event.type === 'step.log') {
      const lines = this._logs.get(event.log.step) ?? [];
      if (lines.length === 0 || lines[lines.length - 1].seq < event.log.seq) {
        lines.push(event.log);
        if (lines.length > MAX_LINES_PER_STEP) {
          lines.splice(0, lines.length - MAX_LINES_PER_STEP);
        }
        this._logs.set(event.log.step, lines);
        this._logAdded.emit(event.log);
      }
      return;
    }
    if (event.type === 'step.output' || event.type === 'step.outputsCleared') {
      if (this._outputs) {
        this._outputs = applyOutputEvent(this._outputs, envelope);
      }
    } else {
      this._record = applyRunEvent(this._record, event);
    }
    this._changed.emit();
  }

  private _record: IRunRecord | null = null;
  private _outputs: IRunOutputs | null = null;
  private _sources: IRunSources | null = null;
  private _error: string | null = null;
  private readonly _logs = new Map<string, ILogLine[]>();
  private readonly _changed = new Signal<this, void>(this);
  private readonly _logAdded = new Signal<this, ILogLine>(this);
}
