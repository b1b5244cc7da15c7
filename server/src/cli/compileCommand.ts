import { readFile } from 'node:fs/promises';

import { Command } from 'commander';

import { notebookPlace } from './notebookPlace.js';
import type { EarlyAnalysis } from './EarlyAnalysis.js';
import { formatPipeline } from './formatPipeline.js';
import { formatImages, kubernetesImages } from './compileImages.js';
import {
  addKubernetesFlags,
  kubernetesOptionsFrom,
  type IKubernetesFlags
} from './kubernetesFlags.js';

/** Exit codes: 0 no errors, 1 the pipeline has errors, 2 the command could not run. */
const EXIT_PROBLEMS = 1;
const EXIT_UNUSABLE = 2;

interface ICompileOptions extends IKubernetesFlags {
  json?: boolean;
  /** `kubernetes`: say which image each step gets there, and why. */
  target?: string;
  param: string[];
  name?: string;
}

/** `--param k=v`, repeatable; the value is typed later against the parameter. */
export function parseParams(pairs: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new Error(`--param expects NAME=VALUE, got "${pair}"`);
    }
    params[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return params;
}

async function compileNotebook(
  path: string,
  options: ICompileOptions,
  early: EarlyAnalysis
): Promise<void> {
  let notebook: unknown;
  try {
    notebook = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    const reason =
      err instanceof SyntaxError ? 'it is not JSON' : (err as Error).message;
    process.stderr.write(`cellpipe compile: cannot read ${path}: ${reason}\n`);
    process.exitCode = EXIT_UNUSABLE;
    return;
  }
  const parameters = parseParams(options.param);
  const place = notebookPlace(path);
  // Python started before the CLI loaded, beside Node's loading (EarlyAnalysis).
  const { python, analysis: started } = await early.take();
  // The compile service alone, not the server app.ts wires (docs/engine.md).
  const { createCompileService } = await import('../compileWiring.js');
  const service = createCompileService(python, place.root, started);
  const { result } = await service
    .compile({
      notebook,
      name: options.name,
      notebookPath: place.notebookPath,
      parameters
    })
    .finally(() => started.discard()); // unused when the notebook has no code to analyse
  const images =
    options.target === 'kubernetes'
      ? await kubernetesImages(result, kubernetesOptionsFrom(options), m =>
          process.stderr.write(`cellpipe compile: ${m}\n`)
        )
      : undefined;
  process.stdout.write(
    options.json
      ? JSON.stringify(images ? { ...result, images } : result, null, 2) + '\n'
      : formatPipeline(result) + (images ? formatImages(images) : '')
  );
  process.exitCode = result.ok ? 0 : EXIT_PROBLEMS;
}

export function addCompileCommand(
  program: Command,
  early: EarlyAnalysis
): void {
  const command = program
    .command('compile')
    .description(
      'read a notebook as a pipeline: steps, inputs and outputs, edges, parameters, metrics, problems'
    )
    .argument('<notebook>', 'the .ipynb file')
    .option('--json', 'print the result as JSON')
    .option(
      '--param <name=value>',
      'override a pipeline parameter (repeatable)',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[]
    )
    .option(
      '--name <name>',
      "pipeline name (default: the notebook's own, else from the file name)"
    )
    .option(
      '--target <target>',
      'kubernetes: also show which image each step gets there, and why'
    );
  addKubernetesFlags(command).action(
    async (path: string, options: ICompileOptions) => {
      try {
        await compileNotebook(path, options, early);
      } catch (err) {
        process.stderr.write(`cellpipe compile: ${(err as Error).message}\n`);
        process.exitCode = EXIT_UNUSABLE;
      }
    }
  );
}
