import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

import express, { type Express } from 'express';
import type { Logger } from 'pino';

import { CellpipeServer } from './CellpipeServer.js';
import { WsHub } from './events/WsHub.js';
import { createAuthMiddleware } from './http/authMiddleware.js';
import { createCorsMiddleware } from './http/corsMiddleware.js';
import {
  createErrorMiddleware,
  createNotFoundHandler
} from './http/errorMiddleware.js';
import { createPipelineRoutes } from './http/pipelineRoutes.js';
import { createSystemRoutes } from './http/systemRoutes.js';
import { TokenAuth } from './http/TokenAuth.js';
import { createStderrLogger } from './logger.js';
import { CompileService } from './pipelines/CompileService.js';
import { PythonAnalyzer } from './pipelines/PythonAnalyzer.js';
import { VERSION } from './version.js';

export const HARNESS_SCRIPT = fileURLToPath(
  new URL('../runtime/harness.py', import.meta.url)
);
export const DEFAULT_BODY_LIMIT = 16 * 1024 * 1024;
export const DEFAULT_HEARTBEAT_MS = 15_000;
/** Clients only send small control messages; anything bigger is abuse. */
const WS_MAX_PAYLOAD = 1024 * 1024;

export interface ICellpipeServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The shared secret every request must carry. */
  token: string;
  /** Largest accepted JSON request body in bytes. */
  bodyLimit?: number;
  heartbeatMs?: number;
  /** Python for the analysis (and, later, local steps); default `python3`. */
  python?: string | Promise<string>;
  /** Browser origins allowed to call a standalone server (CORS). */
  allowOrigins?: string[];
  logger?: Logger;
}

/** The single place where the server's parts are created and connected. */
export function createCellpipeServer(
  options: ICellpipeServerOptions
): CellpipeServer {
  const auth = new TokenAuth(options.token);
  const logger = options.logger ?? createStderrLogger();
  const compiler = createCompileService(options.python ?? 'python3');
  const app = createHttpApp(auth, logger, compiler, {
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    allowOrigins: options.allowOrigins ?? []
  });
  const hub = new WsHub({
    auth,
    logger,
    version: VERSION,
    heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
    maxPayload: WS_MAX_PAYLOAD
  });
  return new CellpipeServer({
    httpServer: createServer(app),
    hub,
    host: options.host,
    port: options.port,
    logger
  });
}

/** The analysis runs in Python; the harness is embedded in every step program. */
export function createCompileService(
  python: string | Promise<string>
): CompileService {
  const harness = readFileSync(HARNESS_SCRIPT, 'utf8');
  return new CompileService(new PythonAnalyzer({ python }), harness);
}

function createHttpApp(
  auth: TokenAuth,
  logger: Logger,
  compiler: CompileService,
  limits: { bodyLimit: number; allowOrigins: string[] }
): Express {
  const app = express();
  app.disable('x-powered-by');
  // Order matters: CORS preflights of allowed origins first (browsers send
  // them without credentials), auth before routing (unknown routes are 401
  // too), body parsing before the 404 handler (oversized bodies are 413).
  if (limits.allowOrigins.length > 0) {
    app.use(createCorsMiddleware(limits.allowOrigins));
  }
  app.use(createAuthMiddleware(auth));
  app.use('/api', express.json({ limit: limits.bodyLimit }));
  app.use(
    '/api',
    createSystemRoutes({
      version: VERSION,
      executors: [{ name: 'local', available: true }],
      defaultTarget: 'local'
    })
  );
  app.use('/api', createPipelineRoutes(compiler));
  app.use(createNotFoundHandler());
  app.use(createErrorMiddleware(logger));
  return app;
}
