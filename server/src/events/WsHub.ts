import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

import type { Logger } from 'pino';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { z } from 'zod';

import { AUTH_CHALLENGE, type TokenAuth } from '../http/TokenAuth.js';
import {
  API_VERSION,
  type ClientMessage,
  type ServerMessage
} from '../http/wire.js';
import { rejectUpgrade } from './rejectUpgrade.js';

/** The only path that accepts websocket upgrades. */
export const EVENTS_PATH = '/api/events';

/** Close code sent to every client when the server stops ("going away"). */
export const CLOSE_GOING_AWAY = 1001;

/** How long stop() waits for clients to finish the close handshake. */
const CLOSE_GRACE_MS = 500;

const clientMessageSchema: z.ZodType<ClientMessage> = z.object({
  type: z.literal('ping'),
  id: z.string().optional()
});

export interface IWsHubOptions {
  auth: TokenAuth;
  version: string;
  logger: Logger;
  /** Interval between ping rounds; a client silent for a whole round is dropped. */
  heartbeatMs: number;
  /** Largest accepted incoming message in bytes; larger ones close with 1009. */
  maxPayload: number;
}

/**
 * Owns the `/api/events` websocket endpoint: authenticates upgrades, greets
 * clients, answers their pings and drops the ones that stop answering ours.
 */
export class WsHub {
  private readonly wss: WebSocketServer;
  /** Clients pinged in the last round that have not ponged since. */
  private readonly awaitingPong = new WeakSet<WebSocket>();
  private heartbeat: NodeJS.Timeout | undefined;
  private server: Server | undefined;

  constructor(private readonly options: IWsHubOptions) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxPayload
    });
  }

  /** Number of connected clients. */
  get clientCount(): number {
    return this.wss.clients.size;
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
    await Promise.all([...this.wss.clients].map(closeGracefully));
    await new Promise<void>(resolve => this.wss.close(() => resolve()));
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
    this.wss.handleUpgrade(req, socket, head, ws => this.onConnection(ws));
  };

  /** Header, or `?token=` because browsers cannot set websocket headers. */
  private isAuthorized(req: IncomingMessage, url: URL): boolean {
    const { auth } = this.options;
    return (
      auth.checkHeader(req.headers.authorization) ||
      auth.check(url.searchParams.get('token'))
    );
  }

  private onConnection(ws: WebSocket): void {
    ws.on('pong', () => this.awaitingPong.delete(ws));
    ws.on('message', (data, isBinary) => this.onMessage(ws, data, isBinary));
    // ws emits 'error' (e.g. maxPayload exceeded) before closing the socket.
    ws.on('error', err =>
      this.options.logger.debug({ err }, 'websocket client error')
    );
    send(ws, {
      type: 'hello',
      version: this.options.version,
      apiVersion: API_VERSION,
      seq: 0
    });
  }

  private onMessage(ws: WebSocket, data: RawData, isBinary: boolean): void {
    const parsed = isBinary
      ? { problem: 'binary messages are not supported' }
      : parseClientMessage(data);
    if ('problem' in parsed) {
      send(ws, {
        type: 'error',
        kind: 'invalid_message',
        message: parsed.problem
      });
      return;
    }
    const message = parsed.message;
    if (message.type === 'ping') {
      const { id } = message;
      send(ws, { type: 'pong', ...(id === undefined ? {} : { id }) });
    }
  }

  private beat(): void {
    for (const ws of this.wss.clients) {
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

type ParseResult = { message: ClientMessage } | { problem: string };

function parseClientMessage(data: RawData): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(rawDataToString(data));
  } catch {
    return { problem: 'message is not valid JSON' };
  }
  const result = clientMessageSchema.safeParse(json);
  if (!result.success) {
    return { problem: 'unsupported message; expected {"type":"ping","id"?}' };
  }
  return { message: result.data };
}

function rawDataToString(data: RawData): string {
  if (Array.isArray(data)) {
    return Buffer.concat(data).toString('utf8');
  }
  return Buffer.isBuffer(data)
    ? data.toString('utf8')
    : Buffer.from(data).toString('utf8');
}

function send(ws: WebSocket, message: ServerMessage): void {
  if (ws.readyState === WebSocket.OPEN) {
    ws.send(JSON.stringify(message));
  }
}

/** Resolves once `ws` is closed; terminates it if the handshake stalls. */
function closeGracefully(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) {
    return Promise.resolve();
  }
  return new Promise(resolve => {
    const timer = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    ws.close(CLOSE_GOING_AWAY, 'server shutting down');
  });
}
