import type { Logger } from 'pino';

import type { TokenAuth } from './auth/TokenAuth.js';
import type { IWebParts } from './CellpipeServer.js';
import type { EventBus } from './events/EventBus.js';
import { WsHub } from './events/WsHub.js';
import { createHttpApp, type IHttpAppDeps } from './http/createHttpApp.js';
import type { IRunStore } from './store/RunStore.js';

/** Clients only send small control messages; anything bigger is abuse. */
const WS_MAX_PAYLOAD = 1024 * 1024;

export interface IWebSetup {
  auth: TokenAuth;
  logger: Logger;
  engine: IHttpAppDeps & { version: string; bus: EventBus; store: IRunStore };
  bodyLimit: number;
  allowOrigins: string[];
  heartbeatMs: number;
}

/**
 * The HTTP app and the websocket hub on one HTTP server. app.ts imports
 * this module when it wires a server (the HTTP half of the composition
 * root, apart so that commands which only build the engine never load
 * the HTTP layer and ws; docs/engine.md, "What loads lazily").
 */
export function createWeb(setup: IWebSetup): IWebParts {
  const { auth, logger, engine } = setup;
  // Not `import from 'node:http'`: its ESM facade reads every lazy export,
  // which loads Node's fetch (undici), ~45 ms of start-up.
  const { createServer } = process.getBuiltinModule('node:http');
  const app = createHttpApp(auth, logger, engine, {
    bodyLimit: setup.bodyLimit,
    allowOrigins: setup.allowOrigins
  });
  const hub = new WsHub({
    auth,
    logger,
    version: engine.version,
    heartbeatMs: setup.heartbeatMs,
    maxPayload: WS_MAX_PAYLOAD,
    bus: engine.bus,
    events: engine.store
  });
  return { httpServer: createServer(app), hub };
}
