import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

import type { Logger } from 'pino';
import type { RawData, WebSocket, WebSocketServer } from 'ws';

import { AUTH_CHALLENGE, type TokenAuth } from '../auth/TokenAuth.js';
import { API_VERSION, type ClientMessage } from '../contract/wire.js';
import type { IEventSource } from './channels.js';
import { parseClientMessage } from './clientMessages.js';
import { closeSocket } from './closeSocket.js';
import type { EventBus } from './EventBus.js';
import { HubClient } from './HubClient.js';
import { rejectUpgrade } from './rejectUpgrade.js';

/** The only path that accepts websocket upgrades. */
export const EVENTS_PATH = '/api/events';

/** Close code sent to every client when the server stops ("going away"). */
export const CLOSE_GOING_AWAY = 1001;

/** Default for `maxBufferedBytes`: 4 MiB unsent to one client drops it. */
export const DEFAULT_MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export interface IWsHubOptions {
  auth: TokenAuth;
  version: string;
  logger: Logger;
  /** Interval between ping rounds; a client silent for a whole round is dropped. */
  heartbeatMs: number;
  /** Largest accepted incoming message in bytes; larger ones close with 1009. */
  maxPayload: number;
  /** Published envelopes, fanned out live to subscribers. */
  bus: EventBus;
  /** Stored envelopes, replayed to subscribers that pass `since`. */
  events: IEventSource;
  /** Unsent bytes beyond which a client is dropped; default 4 MiB. */
  maxBufferedBytes?: number;
}

/**
 * Owns the `/api/events` websocket endpoint: authenticates upgrades, greets
 * clients, answers their pings and drops the ones that stop answering ours,
 * and serves their channel subscriptions.
 *
 * Protocol: `hello.seq` is the store's head. `subscribe {channel}` answers
 * `subscribed {seq: head}` and then streams live events. `subscribe {channel,
 * since}` first streams the stored events after `since` (the replay), then
 * `subscribed {seq}` where `seq` is what the client is now caught up to, then
 * live events; no gap, no duplicate. A client remembers the newest seq it saw
 * (or `subscribed.seq` if newer) and resumes with it. Subscribing again to a
 * channel replaces that subscription. Invalid messages get `error`
 * (`invalid_message`); the socket stays open. A client whose unsent data
 * passes `maxBufferedBytes` is closed with 1013. See Subscription (replay)
 * and HubClient (send path, slow clients).
 */
export class WsHub {
  /** Made on the first upgrade: ws loads then, not at the server's start. */
  private wss: Promise<WebSocketServer> | undefined;
  private readonly clients = new Set<WebSocket>();
  /** Clients pinged in the last round that have not ponged since. */
  private readonly awaitingPong = new WeakSet<WebSocket>();
  private heartbeat: NodeJS.Timeout | undefined;
  private server: Server | undefined;

  constructor(private readonly options: IWsHubOptions) {}

  /** Number of connected clients. */
  get clientCount(): number {
    return this.clients.size;
  }

  /** Bytes queued for all clients and not yet handed to the kernel. */
  get bufferedBytes(): number {
    let total = 0;
    for (const ws of this.clients) {
      total += ws.bufferedAmount;
    }
    return total;
  }

  /** Starts handling upgrades on `server` and starts the heartbeat. */
  attach(server: Server): void {
    this.server = server;
    server.on('upgrade', this.onUpgrade);
    this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatMs);
    // The http server keeps the process alive, not this timer.
    this.heartbeat.unref();
  }

  /** Closes every client with 1001 (terminating laggards) and the heartbeat. */
  async stop(): Promise<void> {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.server?.off('upgrade', this.onUpgrade);
    this.server = undefined;
    await Promise.all([...this.clients].map(closeGracefully));
    const wss = await this.wss?.catch(() => undefined);
    await new Promise<void>(resolve =>
      wss ? wss.close(() => resolve()) : resolve()
    );
  }

  private webSocketServer(): Promise<WebSocketServer> {
    this.wss ??= import('ws').then(
      ({ WebSocketServer }) =>
        new WebSocketServer({
          noServer: true,
          maxPayload: this.options.maxPayload
        })
    );
    return this.wss;
  }

  private readonly onUpgrade = (
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer
  ): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // Authenticate before looking at the path, like the HTTP routes do.
    if (!this.isAuthorized(req, url)) {
      rejectUpgrade(
        socket,
        401,
        {
          error: { kind: 'unauthorized', message: 'missing or invalid token' }
        },
        { 'WWW-Authenticate': AUTH_CHALLENGE }
      );
      return;
    }
    if (url.pathname !== EVENTS_PATH) {
      const message = `no websocket endpoint at ${url.pathname}`;
      rejectUpgrade(socket, 404, { error: { kind: 'not_found', message } });
      return;
    }
    this.webSocketServer().then(
      wss => {
        if (!this.server) {
          socket.destroy(); // stopped while ws loaded
          return;
        }
        wss.handleUpgrade(req, socket, head, ws =>
          this.onConnection(ws, socket)
        );
      },
      (err: unknown) => {
        this.options.logger.error({ err }, 'websocket support failed to load');
        socket.destroy();
      }
    );
  };

  /** Header, or `?token=` because browsers cannot set websocket headers. */
  private isAuthorized(req: IncomingMessage, url: URL): boolean {
    const { auth } = this.options;
    return (
      auth.credentialOf(req.headers) !== undefined ||
      auth.check(url.searchParams.get('token'))
    );
  }

  /** `socket` is the connection under `ws`, for batching its writes. */
  private onConnection(ws: WebSocket, socket: Duplex): void {
    const { bus, events, logger } = this.options;
    const client = new HubClient(ws, socket, {
      bus,
      events,
      logger,
      maxBufferedBytes:
        this.options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES
    });
    this.clients.add(ws);
    ws.on('close', () => this.clients.delete(ws));
    ws.on('pong', () => this.awaitingPong.delete(ws));
    ws.on('message', (data, isBinary) =>
      this.onMessage(client, data, isBinary)
    );
    // ws emits 'error' (e.g. maxPayload exceeded) before closing the socket.
    ws.on('error', err => logger.debug({ err }, 'websocket client error'));
    client.send({
      type: 'hello',
      version: this.options.version,
      apiVersion: API_VERSION,
      seq: events.headSeq()
    });
  }

  private onMessage(client: HubClient, data: RawData, isBinary: boolean): void {
    const parsed = isBinary
      ? { problem: 'binary messages are not supported' }
      : parseClientMessage(data);
    if ('problem' in parsed) {
      client.send({
        type: 'error',
        kind: 'invalid_message',
        message: parsed.problem
      });
      return;
    }
    handleMessage(client, parsed.message);
  }

  private beat(): void {
    for (const ws of this.clients) {
      if (this.awaitingPong.has(ws)) {
        this.options.logger.info('dropping websocket client: no pong');
        ws.terminate();
        continue;
      }
      this.awaitingPong.add(ws);
      ws.ping();
    }
  }
}

function handleMessage(client: HubClient, message: ClientMessage): void {
  switch (message.type) {
    case 'ping': {
      const { id } = message;
      client.send({ type: 'pong', ...(id === undefined ? {} : { id }) });
      return;
    }
    case 'subscribe':
      client.subscribe(message.channel, message.since);
      return;
    case 'unsubscribe':
      client.unsubscribe(message.channel);
      return;
  }
}

/** Resolves once `ws` is closed; terminates it if the handshake stalls. */
function closeGracefully(ws: WebSocket): Promise<void> {
  return closeSocket(ws, CLOSE_GOING_AWAY, 'server shutting down');
}
