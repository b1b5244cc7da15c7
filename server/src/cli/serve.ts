import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';

import type { Logger } from 'pino';

import { createCellpipeServer } from '../app.js';
import type { CellpipeServer } from '../CellpipeServer.js';
import { findKubeConfig, NO_KUBE_CONFIG } from '../kube/kubeConfigSource.js';
import type { ILeaderLeaseSettings } from '../lease/Leadership.js';
import { createStderrLogger } from '../logger.js';
import { resolvePython } from '../pipelines/pythonExecutable.js';
import {
  kubernetesOptionsFrom,
  type IKubernetesFlags
} from './kubernetesFlags.js';

/** Exit status for bad command lines (the shell convention for misuse). */
const EXIT_USAGE = 2;

export interface IServeOptions extends IKubernetesFlags {
  host: string;
  port: number;
  token?: string;
  tokenFile?: string;
  writeToken?: string;
  allowOrigin: string[];
  notebookRoot?: string;
  leaderLease?: string;
}

/** `cellpipe serve`: main.ts imports this module only when the command runs. */
export async function serve(options: IServeOptions): Promise<void> {
  let resolved: { token: string; generated: boolean };
  let lease: ILeaderLeaseSettings | undefined;
  try {
    lease = leaderLease(options);
    resolved = resolveToken(options);
  } catch (err) {
    process.stderr.write(`cellpipe: ${(err as Error).message}\n`);
    process.exitCode = EXIT_USAGE;
    return;
  }
  const { token, generated } = resolved;
  const logger = createStderrLogger(process.env.CELLPIPE_LOG_LEVEL ?? 'info');
  const server = createCellpipeServer({
    // Resolved while the server starts; the first compile waits for it.
    python: resolvePython(),
    host: options.host,
    port: options.port,
    token,
    allowOrigins: [
      ...options.allowOrigin,
      ...(process.env.CELLPIPE_ALLOW_ORIGINS ?? '').split(',').filter(Boolean)
    ],
    kubernetes: kubernetesOptionsFrom(options),
    notebookRoot:
      options.notebookRoot ?? process.env.CELLPIPE_NOTEBOOK_ROOT ?? undefined,
    leaderLease: lease,
    logger
  });
  let url: string;
  try {
    ({ url } = await server.start());
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    process.stderr.write(
      `cellpipe: cannot listen on ${options.host}:${options.port}: ${reason}\n`
    );
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`Cellpipe server listening on ${url}\n`);
  if (generated && !options.writeToken) {
    process.stdout.write(`Token: ${token}\n`);
  }
  stopOnSignals(server, logger);
}

/** `--leader-lease` or `$CELLPIPE_LEADER_LEASE`; `$CELLPIPE_LEADER_LEASE_SECONDS` (default 15) for tests. */
function leaderLease(options: IServeOptions): ILeaderLeaseSettings | undefined {
  const name = (
    options.leaderLease ?? process.env.CELLPIPE_LEADER_LEASE
  )?.trim();
  if (!name) {
    return undefined;
  }
  const kube = findKubeConfig(options.kubeconfig);
  if (kube.kind === 'none') {
    throw new Error(
      `--leader-lease ${name} needs a cluster: ${NO_KUBE_CONFIG}`
    );
  }
  const seconds = Number(process.env.CELLPIPE_LEADER_LEASE_SECONDS);
  return {
    name,
    ...(seconds > 0 ? { leaseMs: seconds * 1000 } : {})
  };
}

/**
 * --token, --token-file (read and deleted), else $CELLPIPE_TOKEN, else new
 * (then --write-token hands it to the launcher). The environment variable is
 * removed from process.env, but the kernel still shows the environment the
 * process started with in /proc/<pid>/environ, so launchers use the files.
 */
function resolveToken(options: IServeOptions): {
  token: string;
  generated: boolean;
} {
  const fromEnv = process.env.CELLPIPE_TOKEN;
  // Steps run user code in child processes: they must not inherit the token.
  delete process.env.CELLPIPE_TOKEN;
  const given =
    options.token ||
    (options.tokenFile ? takeTokenFile(options.tokenFile) : undefined) ||
    fromEnv;
  if (given) {
    return { token: given, generated: false };
  }
  const token = randomBytes(32).toString('hex');
  if (options.writeToken) {
    handOver(token, options.writeToken);
  }
  return { token, generated: true };
}

function takeTokenFile(path: string): string {
  const token = readFileSync(path, 'utf8').trim();
  unlinkSync(path);
  if (!token) {
    throw new Error(`the token file ${path} is empty`);
  }
  return token;
}

/** Written under a temporary name and renamed, so the reader never sees half a token. */
function handOver(token: string, path: string): void {
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, token, { mode: 0o600, flag: 'wx' });
  renameSync(partial, path);
}

function stopOnSignals(server: CellpipeServer, logger: Logger): void {
  const shutdown = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'shutting down');
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      }
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
