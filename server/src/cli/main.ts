import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';

import { Command, CommanderError, InvalidArgumentError } from 'commander';
import type { Logger } from 'pino';

import { createCellpipeServer } from '../app.js';
import type { CellpipeServer } from '../CellpipeServer.js';
import { createStderrLogger } from '../logger.js';
import { resolvePython } from '../pipelines/pythonExecutable.js';
import { VERSION } from '../version.js';
import { addCompileCommand } from './compileCommand.js';
import {
  addKubernetesFlags,
  kubernetesOptionsFrom,
  type IKubernetesFlags
} from './kubernetesFlags.js';
import { addDeployCommands } from './deployCommands.js';
import { addRunCommand } from './runCommand.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8765;
/** Exit status for bad command lines (the shell convention for misuse). */
const EXIT_USAGE = 2;

interface IServeOptions extends IKubernetesFlags {
  host: string;
  port: number;
  token?: string;
  tokenFile?: string;
  writeToken?: string;
  allowOrigin: string[];
  notebookRoot?: string;
}

/** Runs the `cellpipe` command line; `argv` as in `process.argv`. */
export async function run(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander already printed the message (or the help/version).
      process.exitCode = err.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    throw err;
  }
}

function buildProgram(): Command {
  const program = new Command('cellpipe')
    .description(
      'Cellpipe: run a notebook as a pipeline on this machine or a Kubernetes cluster'
    )
    .version(VERSION)
    // Throw instead of exiting, so usage errors can exit with status 2.
    .exitOverride();
  const serveCommand = program
    .command('serve')
    .description(
      'start the Cellpipe HTTP and websocket server (runs go to this machine or a Kubernetes cluster)'
    )
    .option('--host <host>', 'interface to listen on', DEFAULT_HOST)
    .option(
      '--port <port>',
      'port to listen on (0 picks a free one)',
      parsePort,
      DEFAULT_PORT
    )
    .option(
      '--token <token>',
      'token clients must send (argv shows in ps: prefer --token-file)'
    )
    .option(
      '--token-file <file>',
      'read the token from this file, then delete it (the token stays out of argv and the environment)'
    )
    .option(
      '--write-token <file>',
      'make a token and write it to this new file (mode 0600) for the launcher to take and delete (how Jupyter starts the server)'
    )
    .option(
      '--notebook-root <dir>',
      "the folder notebook paths are relative to: Jupyter's root_dir (default: $CELLPIPE_NOTEBOOK_ROOT, else the current folder)"
    )
    .option(
      '--allow-origin <origin>',
      'browser origin allowed to call this server, e.g. http://127.0.0.1:8888 (repeatable; also $CELLPIPE_ALLOW_ORIGINS, comma-separated)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[]
    );
  addKubernetesFlags(serveCommand).action((options: IServeOptions) =>
    serve(options)
  );
  addCompileCommand(program);
  addRunCommand(program);
  addDeployCommands(program);
  return program;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new InvalidArgumentError(
      'Expected an integer from 0 to 65535 (0 picks a free port).'
    );
  }
  return port;
}

async function serve(options: IServeOptions): Promise<void> {
  let resolved: { token: string; generated: boolean };
  try {
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
