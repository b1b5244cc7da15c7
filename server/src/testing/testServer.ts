import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { pino } from 'pino';

import { createCellpipeServer, type ICellpipeServerOptions } from '../app.js';
import type { CellpipeServer } from '../CellpipeServer.js';

export const TEST_TOKEN = 'test-token-5f2c9a';

export interface ITestServer {
  server: CellpipeServer;
  port: number;
  /** `http://127.0.0.1:PORT` without a trailing slash. */
  baseUrl: string;
  /** `ws://127.0.0.1:PORT/api/events` */
  eventsUrl: string;
  /** The `Authorization` header value that the server accepts. */
  authHeader: string;
}

/** The real app on 127.0.0.1, a free port, with a silent logger. */
export async function startTestServer(
  options: Partial<ICellpipeServerOptions> = {}
): Promise<ITestServer> {
  const server = createCellpipeServer({
    host: '127.0.0.1',
    port: 0,
    token: TEST_TOKEN,
    logger: pino({ level: 'silent' }),
    // Each test server gets its own store and artifacts.
    home: mkdtempSync(join(tmpdir(), 'cellpipe-home-')),
    ...options
  });
  const { port } = await server.start();
  return {
    server,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    eventsUrl: `ws://127.0.0.1:${port}/api/events`,
    authHeader: `token ${options.token ?? TEST_TOKEN}`
  };
}

/** Reads a JSON response body, failing clearly when it is not JSON. */
export async function jsonBody(res: Response): Promise<unknown> {
  const type = res.headers.get('content-type') ?? '';
  if (!type.startsWith('application/json')) {
    throw new Error(`expected JSON, got ${type}: ${await res.text()}`);
  }
  return res.json();
}
