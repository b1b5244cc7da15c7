import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Logger } from 'pino';

import type { WsHub } from './events/WsHub.js';

/** How long stop() lets in-flight HTTP requests finish before cutting them. */
const HTTP_GRACE_MS = 500;

export interface IListening {
  /** `http://HOST:PORT/` */
  url: string;
  port: number;
}

/** The HTTP server and the websocket hub on it. */
export interface IWebParts {
  httpServer: Server;
  hub: WsHub;
}

export interface ICellpipeServerParts {
  /** Made while the engine starts (app.ts imports the HTTP stack on demand); start() waits for it. */
  web: Promise<IWebParts>;
  engine: { stop(): Promise<void>; close(): void };
  host: string;
  port: number;
  logger: Logger;
}

/** The lifecycle of one server instance; the wiring lives in app.ts. */
export class CellpipeServer {
  private listening: IListening | undefined;
  private stopping: Promise<void> | undefined;
  private web: IWebParts | undefined;
  private started = false;

  constructor(private readonly parts: ICellpipeServerParts) {
    // A server that is never started never sees a failed import; start() does.
    parts.web.catch(() => undefined);
  }

  /** Listens on host:port (port 0 picks a free port). */
  async start(): Promise<IListening> {
    if (this.started || this.stopping) {
      throw new Error('the server was already started');
    }
    this.started = true;
    const { host, port, logger } = this.parts;
    const web = await this.parts.web;
    if (this.stopping) {
      throw new Error('the server was stopped while starting');
    }
    const { httpServer, hub } = web;
    this.web = web;
    hub.attach(httpServer);
    try {
      await listen(httpServer, host, port);
    } catch (err) {
      await hub.stop();
      throw err;
    }
    const actual = (httpServer.address() as AddressInfo).port;
    this.listening = {
      url: `http://${urlHost(host)}:${actual}/`,
      port: actual
    };
    logger.info(this.listening, 'listening');
    return this.listening;
  }

  /** Closes websockets (1001), then the HTTP server; safe to call twice. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    if (!this.listening || !this.web) {
      return;
    }
    // Runs are cancelled first, so clients still see them end; the store
    // closes last, after the last request that could use it.
    await this.parts.engine.stop();
    await this.web.hub.stop();
    await closeHttpServer(this.web.httpServer);
    this.parts.engine.close();
    this.parts.logger.info('stopped');
  }
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeHttpServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    // Idle keep-alive sockets go now; busy ones get a short grace.
    const timer = setTimeout(() => server.closeAllConnections(), HTTP_GRACE_MS);
    server.close(err => {
      clearTimeout(timer);
      if (err) {
        reject(err);
      } else {
        resolve();
      }
    });
    server.closeIdleConnections();
  });
}

/** IPv6 literals need brackets inside a URL. */
function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
