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
  const call = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${port}/api${path}`, {
      method,
      headers: {
        Authorization: `token ${token}`,
        'Content-Type': 'application/json'
      },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  return { cli, port, call };
}
