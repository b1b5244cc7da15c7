import { readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

import type { Command } from 'commander';

import type { IEngine } from '../app.js';
import { CellpipeError, ValidationError } from '../errors.js';
import type { IRunRecord } from '../contract/wire.js';
import { nameFromPath } from '../pipelines/pipelineName.js';
import { notebookWithOutputs } from '../runs/outputNotebook.js';
import { notebookPlace } from './notebookPlace.js';
import type { EarlyAnalysis } from './EarlyAnalysis.js';
import { parseParams } from './compileCommand.js';
import {
  addKubernetesFlags,
  kubernetesOptionsFrom,
  type IKubernetesFlags
} from './kubernetesFlags.js';
import { ProgressView } from './ProgressView.js';
import { seconds } from './renderProgress.js';
import { addRunsCommands } from './runsCommands.js';

interface IRunOptions extends IKubernetesFlags {
  param: string[];
  target: string;
  cache: boolean;
  json?: boolean;
  /** Where the notebook sits under the engine's notebook root (for composition and the panel). */
  notebookPath?: string;
  /** Write the notebook with each cell's outputs from the run here. */
  outputNotebook?: string;
  title?: string;
}

const EXIT_FAILED = 1;
const EXIT_UNUSABLE = 2;
const FAILED_LOG_TAIL = 40;

/** `cellpipe run`, and `cellpipe runs` to list and delete what it ran. */
export function addRunCommand(program: Command, early: EarlyAnalysis): void {
  addRunsCommands(program);
  const command = program
    .command('run')
    .description(
      'run a notebook as a pipeline on this machine or a Kubernetes cluster'
    )
    .argument('<notebook>', 'the .ipynb file')
    .option(
      '--param <name=value>',
      'override a pipeline parameter (repeatable)',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[]
    )
    .option('--target <target>', 'where to run: local or kubernetes', 'local')
    .option(
      '--no-cache',
      'run every step, even those with a stored identical result'
    )
    .option('--json', 'print only the final run record, as JSON')
    .option(
      '--title <title>',
      "the run's name (default: notebook and changed parameters)"
    )
    .option(
      '--output-notebook <file>',
      "write the notebook with each cell's outputs from the run (like papermill's output notebook)"
    );
  addKubernetesFlags(command).action(
    async (path: string, options: IRunOptions) => {
      process.exitCode = await runNotebook(path, options, early);
    }
  );
}

async function runNotebook(
  path: string,
  options: IRunOptions,
  early: EarlyAnalysis
): Promise<number> {
  let notebook: unknown;
  let parameters: Record<string, string>;
  try {
    notebook = JSON.parse(await readFile(path, 'utf8'));
    parameters = parseParams(options.param);
  } catch (err) {
    const reason =
      err instanceof SyntaxError ? 'it is not JSON' : (err as Error).message;
    process.stderr.write(`cellpipe run: cannot read ${path}: ${reason}\n`);
    return EXIT_UNUSABLE;
  }
  const place = notebookPlace(path);
  // Python started analysing before the CLI loaded (EarlyAnalysis).
  const { python, analysis: startedAnalysis } = await early.take();
  // Loaded when the command runs, so `--help` and `compile` do not pay for the engine.
  const [{ createEngine }, { createStderrLogger }] = await Promise.all([
    import('../app.js'),
    import('../logger.js')
  ]);
  const engine = createEngine({
    notebookRoot: place.root,
    python,
    compileInProcess: true,
    startedAnalysis,
    kubernetes: kubernetesOptionsFrom(options),
    logger: createStderrLogger(process.env.CELLPIPE_LOG_LEVEL ?? 'warn')
  });
  try {
    return await runWith(engine, notebook, path, parameters, {
      ...options,
      notebookPath: place.notebookPath
    });
  } finally {
    startedAnalysis.discard();
    await engine.stop();
    engine.close();
  }
}

async function runWith(
  engine: IEngine,
  notebook: unknown,
  path: string,
  parameters: Record<string, string>,
  options: IRunOptions
): Promise<number> {
  let run: IRunRecord;
  try {
    run = await engine.runs.submit(
      {
        notebook,
        name: nameFromPath(path),
        notebookPath: options.notebookPath,
        parameters,
        title: options.title,
        target: options.target,
        cache: options.cache
      },
      { cwd: dirname(resolve(path)) }
    );
  } catch (err) {
    if (!(err instanceof CellpipeError)) {
      throw err;
    }
    printRejection(err);
    return EXIT_FAILED;
  }
  const onSigint = () => engine.runs.cancel(run.id);
  process.once('SIGINT', onSigint);
  const view = options.json
    ? null
    : new ProgressView(
        engine,
        run.id,
        process.stdout.isTTY ? (await import('log-update')).default : null
      );
  const final = await engine.runs.wait(run.id);
  process.off('SIGINT', onSigint);
  view?.close(final);
  if (options.outputNotebook) {
    const executed = notebookWithOutputs(
      notebook,
      engine.store.getOutputs(run.id).cells,
      run.id
    );
    await writeFile(
      options.outputNotebook,
      `${JSON.stringify(executed, null, 1)}\n`
    );
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify(final, null, 2)}\n`);
  } else {
    printFailures(engine, final);
    process.stdout.write(
      `Run ${final.id} ${final.status} in ${seconds(final.durationMs ?? 0)}${final.reason ? `: ${final.reason}` : ''}\n`
    );
  }
  return final.status === 'succeeded' ? 0 : EXIT_FAILED;
}

function printRejection(err: CellpipeError): void {
  process.stderr.write(`cellpipe run: ${err.message}\n`);
  for (const p of err instanceof ValidationError ? (err.problems ?? []) : []) {
    process.stderr.write(
      `  error  ${p.message}${p.cellIndex !== undefined ? `  [cell ${p.cellIndex + 1}${p.line ? `, line ${p.line}` : ''}]` : ''}\n`
    );
  }
}

function printFailures(engine: IEngine, run: IRunRecord): void {
  for (const step of run.steps.filter(s => s.status === 'failed')) {
    const lines = engine.store.getLogs(run.id, step.name, 0, 1_000_000);
    process.stdout.write(
      `\n--- ${step.name}: ${step.reason ?? 'failed'} (last ${Math.min(FAILED_LOG_TAIL, lines.length)} log lines) ---\n`
    );
    for (const line of lines.slice(-FAILED_LOG_TAIL)) {
      process.stdout.write(`${line.line}\n`);
    }
    if (step.error?.traceback) {
      process.stdout.write(
        step.error.traceback.endsWith('\n')
          ? step.error.traceback
          : `${step.error.traceback}\n`
      );
    }
  }
}
