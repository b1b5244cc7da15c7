import { ISignal, Signal } from '@lumino/signaling';

import { CellpipeClient } from './CellpipeClient';
import { EventSocket, SocketState } from './EventSocket';
import { ConnectionState, interpretHandshake } from './handshake';

/**
 * The connection to the Cellpipe server as the UI sees it: the handshake
 * result plus the live state of the events socket. It owns the socket.
 */
export class ConnectionModel {
  constructor(client: CellpipeClient) {
    this._client = client;
    this._state = { status: 'connecting', server: client.baseUrl };
    this._socket = new EventSocket(() => this._client.eventsUrl);
    this._socket.stateChanged.connect(this._onSocketState, this);
  }

  get client(): CellpipeClient {
    return this._client;
  }

  get state(): ConnectionState {
    return this._state;
  }

  /** The events socket (subscriptions survive reconnects). */
  get socket(): EventSocket {
    return this._socket;
  }

  get socketState(): SocketState {
    return this._socket.state;
  }

  /** Emits whenever the handshake state or the socket state changes. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** Points the model at another server (settings changed) and reconnects. */
  setClient(client: CellpipeClient): Promise<void> {
    this._client = client;
    return this.refresh();
  }

  /** Runs the version handshake; opens the events socket when compatible. */
  async refresh(): Promise<void> {
    const client = this._client;
    this._setState({ status: 'connecting', server: client.baseUrl });
    const outcome = await client.handshake();
    if (client !== this._client) {
      return; // Settings changed meanwhile; the newer refresh wins.
    }
    const state = interpretHandshake(outcome, client.baseUrl, client.proxied);
    this._setState(state);
    if (state.status === 'connected') {
      this._socket.start();
    } else {
      this._socket.stop();
    }
  }

  stop(): void {
    this._socket.stateChanged.disconnect(this._onSocketState, this);
    this._socket.stop();
  }

  private _onSocketState(): void {
    this._changed.emit();
  }

  private _setState(state: ConnectionState): void {
    this._state = state;
    this._changed.emit();
  }

  private _client: CellpipeClient;
  private _state: ConnectionState;
  private readonly _socket: EventSocket;
  private readonly _changed = new Signal<this, void>(this);
}
