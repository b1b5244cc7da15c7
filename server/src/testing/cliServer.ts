import { jsonCaller } from './apiCalls.js';
import { type ICliProcess, listeningPort, spawnCli } from './cliProcess.js';

export interface ICliServer {
  cli: ICliProcess;
  port: number;
  /** An authenticated JSON request to `/api<path>`. */
  call: <T = unknown>(
    method: string,
    path: string,
    body?: unknown
  ) => Promise<{ status: number; body: T }>;
}

/** A real `cellpipe serve` on a free port, with `token`, for tests and benchmarks. */
export async function startCliServer(
  token: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
  timeoutMs = 15_000
): Promise<ICliServer> {
  const cli = spawnCli(
    ['serve', '--port', '0', '--token', token, ...args],
    env,
    cwd
  );
  const port = await listeningPort(cli, timeoutMs);
  const api = jsonCaller({
    baseUrl: `http://127.0.0.1:${port}/api`,
    authHeader: `token ${token}`
  });
  const call = <T>(method: string, path: string, body?: unknown) =>
    api<T>(method, path, body);
  return { cli, port, call };
}
