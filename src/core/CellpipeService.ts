import { DisposableDelegate, type IDisposable } from '@lumino/disposable';

import { CellpipeApi } from '../api/CellpipeApi';
import type { ConnectionModel } from '../api/ConnectionModel';
import type { IChannelEvent } from '../api/EventSocket';
import type { Channel, IEventEnvelope } from '../api/wire';
import type { ICellpipe } from '../tokens';

/**
 * What the core plugin provides as `ICellpipe`: the one connection (it owns
 * the events socket) and the REST API over its current client, so a change
 * of the server settings takes effect for every feature at once.
 */
export class CellpipeService implements ICellpipe {
  constructor(connection: ConnectionModel) {
    this.connection = connection;
    this.api = new CellpipeApi(() => connection.client);
    this.events = connection.socket;
  }

  readonly connection: ICellpipe.IConnection;
  readonly api: ICellpipe.IApi;
  readonly events: ICellpipe.IEvents;

  follow(
    channel: Channel,
    listener: (envelope: IEventEnvelope) => void,
    since?: number
  ): IDisposable {
    const onEvent = (_: unknown, event: IChannelEvent) => {
      if (event.channel === channel) {
        listener(event.envelope);
      }
    };
    this.events.event.connect(onEvent);
    this.events.subscribe(channel, since);
    return new DisposableDelegate(() => {
      this.events.event.disconnect(onEvent);
      this.events.unsubscribe(channel);
    });
  }
}
