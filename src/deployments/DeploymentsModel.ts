import { ISignal, Signal } from '@lumino/signaling';

import type { Channel, ICellpipe, IChannelEvent, IDeployment } from '../tokens';
import { applyDeploymentEvent, upsertDeployment } from './deploymentReducer';

const CHANNEL: Channel = 'deployments';

/**
 * Every deployment of the server, newest first, kept live: the list from
 * the REST API, then the `deployments` channel from the list's `seq` (the
 * socket subscribes again from the last seq it saw after a reconnect, so
 * nothing is missed). Shared by the Pipelines panel and the run views.
 */
export class DeploymentsModel {
  constructor(
    private readonly api: ICellpipe.IApi,
    private readonly socket: ICellpipe.IEvents
  ) {
    socket.event.connect(this._onEvent, this);
  }

  get deployments(): readonly IDeployment[] {
    return this._deployments;
  }

  /** Why the list could not be loaded (null once it was). */
  get error(): string | null {
    return this._error;
  }

  /** True once a list came from the server. */
  get loaded(): boolean {
    return this._loaded;
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get(name: string): IDeployment | null {
    return this._deployments.find(d => d.name === name) ?? null;
  }

  /** The deployments of one run's models (the run view's lineage). */
  forRun(runId: string): IDeployment[] {
    return this._deployments.filter(
      d => d.runId === runId || d.stable?.runId === runId
    );
  }

  /** Loads the list, then follows the channel from its seq. */
  async load(): Promise<void> {
    const ticket = ++this._ticket;
    try {
      const list = await this.api.listDeployments();
      if (ticket !== this._ticket) {
        return;
      }
      this._deployments = list.deployments;
      this._seq = list.seq;
      this._error = null;
      this._loaded = true;
      this._follow(list.seq);
    } catch (err) {
      if (ticket !== this._ticket) {
        return;
      }
      this._error = err instanceof Error ? err.message : String(err);
    }
    this._changed.emit();
  }

  /** Shows a deployment the REST API just returned (its event changes nothing after). */
  upsert(deployment: IDeployment): void {
    this._set(upsertDeployment(this._deployments, deployment));
  }

  /** Drops a deployment the REST API just deleted. */
  remove(name: string): void {
    this._set(
      applyDeploymentEvent(this._deployments, {
        type: 'deployment.deleted',
        name
      })
    );
  }

  dispose(): void {
    this.socket.event.disconnect(this._onEvent, this);
    if (this._subscribed) {
      this.socket.unsubscribe(CHANNEL);
      this._subscribed = false;
    }
  }

  private _follow(seq: number): void {
    if (this._subscribed) {
      this.socket.unsubscribe(CHANNEL);
    }
    this.socket.subscribe(CHANNEL, seq);
    this._subscribed = true;
  }

  private _onEvent(_: unknown, { channel, envelope }: IChannelEvent): void {
    // An event older than the list (still in flight when it was read) would
    // show a stale state: the list already has it.
    if (channel !== CHANNEL || envelope.seq <= this._seq) {
      return;
    }
    this._seq = envelope.seq;
    this._set(applyDeploymentEvent(this._deployments, envelope.event));
  }

  private _set(next: readonly IDeployment[]): void {
    if (next !== this._deployments) {
      this._deployments = next;
      this._changed.emit();
    }
  }

  private _deployments: readonly IDeployment[] = [];
  private _error: string | null = null;
  private _loaded = false;
  private _seq = 0;
  private _ticket = 0;
  private _subscribed = false;
  private readonly _changed = new Signal<this, void>(this);
}
