import { randomBytes } from 'node:crypto';

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
  allowOrigin: string[];
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
      'token clients must send (prefer $CELLPIPE_TOKEN: argv shows in ps)'
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
  const { token, generated } = resolveToken(options.token);
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
  if (generated) {
    process.stdout.write(`Token: ${token}\n`);
  }
  stopOnSignals(server, logger);
}

/** --token, else $CELLPIPE_TOKEN (how jupyter-server-proxy passes it), else new. */
function resolveToken(flag: string | undefined): {
  token: string;
  generated: boolean;
} {
  const fromEnv = process.env.CELLPIPE_TOKEN;
  // Steps run user code in child processes: they must not inherit the token.
  delete process.env.CELLPIPE_TOKEN;
  const token = flag || fromEnv;
  if (token) {
    return { token, generated: false };
  }
  return { token: randomBytes(32).toString('hex'), generated: true };
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
