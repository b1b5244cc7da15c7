import type { Command } from 'commander';

import type { IEngine } from '../app.js';
import { CellpipeError } from '../errors.js';
import type { IRunSummary, RunStatus } from '../contract/wire.js';
import { formatComparison } from './formatComparison.js';
import { seconds } from './renderProgress.js';

interface IListOptions {
  notebook?: string;
  status?: RunStatus;
  search?: string;
  limit: string;
  json?: boolean;
}

const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

/** `cellpipe runs` (the list, filtered), `cellpipe runs delete ID...` and `cellpipe runs compare ID ID...`. */
export function addRunsCommands(program: Command): void {
  const runs = program
    .command('runs')
    .description('list the runs on this machine, newest first')
    .option(
      '--notebook <path>',
      "only this notebook's runs (its path under the notebook root)"
    )
    .option(
      '--status <status>',
      `only runs with this status (${STATUSES.join(', ')})`
    )
    .option(
      '--search <text>',
      'words found anywhere in the run; name=value matches a parameter'
    )
    .option('--limit <n>', 'at most this many runs', '50')
    .option('--json', 'print the list as JSON')
    .action(async (options: IListOptions) => {
      process.exitCode = await withEngine(engine => list(engine, options));
    });
  runs
    .command('delete')
    .description(
      'delete runs, their logs, outputs and artifacts (not while running or deployed)'
    )
    .argument('<ids...>', 'run ids')
    .action(async (ids: string[]) => {
      process.exitCode = await withEngine(engine => remove(engine, ids));
    });
  runs
    .command('compare')
    .description(
      'two or more runs side by side: parameters, metrics, steps (ran, cached, how long, code changed); * marks differences'
    )
    .argument('<ids...>', 'run ids (two or more)')
    .option('--json', 'print the comparison as JSON')
    .action(async (ids: string[], _options: unknown, command: Command) => {
      // `runs` has a --json of its own, which takes the flag first.
      const json = command.optsWithGlobals<{ json?: boolean }>().json === true;
      process.exitCode = await withEngine(engine =>
        Promise.resolve(compare(engine, ids, json))
      );
    });
}

function compare(engine: IEngine, ids: string[], json: boolean): number {
  if (ids.length < 2) {
    process.stderr.write('cellpipe runs compare: give two or more run ids\n');
    return 2;
  }
  try {
    const comparison = engine.runs.compare(ids);
    process.stdout.write(
      json
        ? `${JSON.stringify(comparison, null, 2)}\n`
        : `${formatComparison(comparison)}\n`
    );
    return 0;
  } catch (err) {
    if (!(err instanceof CellpipeError)) {
      throw err;
    }
    process.stderr.write(`cellpipe runs compare: ${err.message}\n`);
    return 1;
  }
}

async function withEngine(
  body: (engine: IEngine) => Promise<number>
): Promise<number> {
  // Loaded when the command runs (docs/engine.md, "What loads lazily").
  const [{ createEngine }, { createStderrLogger }] = await Promise.all([
    import('../app.js'),
    import('../logger.js')
  ]);
  const engine = createEngine({
    resumeDeployments: false, // a list or a delete starts no model server
    logger: createStderrLogger(process.env.CELLPIPE_LOG_LEVEL ?? 'warn')
  });
  try {
    return await body(engine);
  } finally {
    await engine.stop();
    engine.close();
  }
}

function list(engine: IEngine, options: IListOptions): Promise<number> {
  return Promise.resolve(listNow(engine, options));
}

function listNow(engine: IEngine, options: IListOptions): number {
  if (options.status && !STATUSES.includes(options.status)) {
    process.stderr.write(
      `cellpipe runs: --status must be one of ${STATUSES.join(', ')}\n`
    );
    return 2;
  }
  const page = engine.store.listRuns({
    notebookPath: options.notebook,
    status: options.status,
    text: options.search,
    limit: Number(options.limit) || 50
  });
  if (options.json) {
    process.stdout.write(`${JSON.stringify(page.runs, null, 2)}\n`);
    return 0;
  }
  for (const run of page.runs) {
    process.stdout.write(`${row(run)}\n`);
  }
  if (page.runs.length === 0) {
    process.stdout.write('no runs\n');
  }
  return 0;
}

function row(run: IRunSummary): string {
  const params = Object.entries(run.parameters)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
  const took = run.durationMs === null ? '' : seconds(run.durationMs);
  return [run.id, run.status.padEnd(9), took.padStart(7), run.title, params]
    .filter(Boolean)
    .join('  ');
}

async function remove(engine: IEngine, ids: string[]): Promise<number> {
  let failed = 0;
  for (const id of ids) {
    try {
      await engine.runs.delete(id);
      process.stdout.write(`deleted ${id}\n`);
    } catch (err) {
      if (!(err instanceof CellpipeError)) {
        throw err;
      }
      failed++;
      process.stderr.write(`cellpipe runs delete: ${err.message}\n`);
    }
  }
  return failed > 0 ? 1 : 0;
}
