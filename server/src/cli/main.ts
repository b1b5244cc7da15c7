import { Command, CommanderError, InvalidArgumentError } from 'commander';

import { VERSION } from '../version.js';
import { addCompileCommand } from './compileCommand.js';
import { addKubernetesFlags } from './kubernetesFlags.js';
import { addDeployCommands } from './deployCommands.js';
import { addRunCommand } from './runCommand.js';
import { EarlyAnalysis } from './EarlyAnalysis.js';
import type { IServeOptions } from './serve.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8765;
/** Exit status for bad command lines (the shell convention for misuse). */
const EXIT_USAGE = 2;

/**
 * Runs the `cellpipe` command line; `argv` as in `process.argv`. `early` is
 * the analysis the entry started for `compile` and `run` (none by default).
 */
export async function run(
  argv: string[],
  early = new EarlyAnalysis()
): Promise<void> {
  try {
    await buildProgram(early).parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander already printed the message (or the help/version).
      process.exitCode = err.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    throw err;
  } finally {
    early.stop();
  }
}

function buildProgram(early: EarlyAnalysis): Command {
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
      '--leader-lease <name>',
      'drive runs only while holding this Kubernetes Lease, in the target namespace or $POD_NAMESPACE (a server in the cluster with a standby; also $CELLPIPE_LEADER_LEASE)'
    )
    .option(
      '--allow-origin <origin>',
      'browser origin allowed to call this server, e.g. http://127.0.0.1:8888 (repeatable; also $CELLPIPE_ALLOW_ORIGINS, comma-separated)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[]
    );
  // Each command's module loads what it needs when it runs: `--help` and
  // `compile` never load the server (docs/engine.md, "What loads lazily").
  addKubernetesFlags(serveCommand).action(async (options: IServeOptions) => {
    const { serve } = await import('./serve.js');
    await serve(options);
  });
  addCompileCommand(program, early);
  addRunCommand(program, early);
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
