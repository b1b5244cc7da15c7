import { ISignal, Signal } from '@lumino/signaling';

import { Channel, ClientMessage, IEventEnvelope, ServerMessage } from './wire';

export interface IChannelEvent {
  channel: Channel;
  envelope: IEventEnvelope;
}

export type SocketState = 'connecting' | 'open' | 'reconnecting' | 'stopped';

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 10_000;

/**
 * The `/api/events` websocket, reconnected with exponential backoff. It
 * remembers each subscription and the last event seen on it, and on every
 * (re)connect subscribes again with `since`, so nothing is missed across a
 * dropped connection. It owns its socket and its retry timer; `stop()` ends both.
 */
export class EventSocket {
  constructor(url: () => string) {
    this._url = url;
  }

  get state(): SocketState {
    return this._state;
  }

  get stateChanged(): ISignal<this, SocketState> {
    return this._stateChanged;
  }

  get message(): ISignal<this, ServerMessage> {
    return this._message;
  }

  /** Every event of every subscription, in order per channel. */
  get event(): ISignal<this, IChannelEvent> {
    return this._event;
  }

  /**
   * Follows `channel`; with `since`, the server first replays what came
   * after that seq. Several views may follow one channel: each `subscribe`
   * is matched by one `unsubscribe`, and the channel is left with the last.
   */
  subscribe(channel: Channel, since?: number): void {
    this._refs.set(channel, (this._refs.get(channel) ?? 0) + 1);
    this._subscriptions.set(channel, since);
    this._send({
      type: 'subscribe',
      channel,
      ...(since === undefined ? {} : { since })
    });
  }

  unsubscribe(channel: Channel): void {
    const refs = (this._refs.get(channel) ?? 0) - 1;
    if (refs > 0) {
      this._refs.set(channel, refs);
      return;
    }
    this._refs.delete(channel);
    if (this._subscriptions.delete(channel)) {
      this._send({ type: 'unsubscribe', channel });
    }
  }

  /** Opens the socket (again, after `stop()` or to reconnect at once). */
  start(): void {
    this._stopped = false;
    this._clearTimer();
    this._closeSocket();
    this._setState(this._backoff ? 'reconnecting' : 'connecting');
    const socket = new WebSocket(this._url());
    socket.onopen = () => {
      this._backoff = 0;
      for (const [channel, since] of this._subscriptions) {
        this._send({
          type: 'subscribe',
          channel,
          ...(since === undefined ? {} : { since })
        });
      }
      this._setState('open');
    };
    socket.onmessage = event => this._onMessage(event);
    socket.onclose = () => this._scheduleReconnect(socket);
    this._socket = socket;
  }

  stop(): void {
    this._stopped = true;
    this._clearTimer();
    this._closeSocket();
    this._setState('stopped');
  }

  private _onMessage(event: MessageEvent): void {
    let message: ServerMessage;
    try {
      message = JSON.parse(String(event.data)) as ServerMessage;
    } catch {
      return; // A malformed frame is the server's bug; dropping it keeps the UI alive.
    }
    if (message.type === 'event' && this._subscriptions.has(message.channel)) {
      this._subscriptions.set(message.channel, message.envelope.seq);
      this._event.emit({
        channel: message.channel,
        envelope: message.envelope
      });
    } else if (
      message.type === 'subscribed' &&
      this._subscriptions.has(message.channel)
    ) {
      const seen = this._subscriptions.get(message.channel) ?? 0;
      this._subscriptions.set(message.channel, Math.max(seen, message.seq));
    }
    this._message.emit(message);
  }

  private _send(message: ClientMessage): void {
    if (this._socket?.readyState === WebSocket.OPEN) {
      this._socket.send(JSON.stringify(message));
    }
  }

  private _scheduleReconnect(socket: WebSocket): void {
    if (this._stopped || socket !== this._socket) {
      return;
    }
    this._socket = null;
    this._backoff = Math.min(
      MAX_BACKOFF_MS,
      this._backoff ? this._backoff * 2 : MIN_BACKOFF_MS
    );
    this._setState('reconnecting');
    this._timer = setTimeout(() => this.start(), this._backoff);
  }

  private _closeSocket(): void {
    if (this._socket) {
      this._socket.onclose = null;
      this._socket.close();
      this._socket = null;
    }
  }

  private _clearTimer(): void {
    if (this._timer !== null) {
      clearTimeout(this._timer);
      this._timer = null;
    }
  }

  private _setState(state: SocketState): void {
    if (state !== this._state) {
      this._state = state;
      this._stateChanged.emit(state);
    }
  }

  private readonly _url: () => string;
  private _socket: WebSocket | null = null;
  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _backoff = 0;
  private _stopped = true;
  private _state: SocketState = 'stopped';
  private readonly _stateChanged = new Signal<this, SocketState>(this);
  private readonly _message = new Signal<this, ServerMessage>(this);
  private readonly _event = new Signal<this, IChannelEvent>(this);
  /** Channel -> the last seq seen on it (undefined: live only, nothing seen yet). */
  private readonly _subscriptions = new Map<Channel, number | undefined>();
  /** Channel -> how many subscribers follow it. */
  private readonly _refs = new Map<Channel, number>();
}
