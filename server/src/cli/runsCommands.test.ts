import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';

import type { IRunSummary } from '../contract/wire.js';
import { runCli } from '../testing/cliProcess.js';
import { notebook, step } from '../testing/notebooks.js';

const home = mkdtempSync(join(tmpdir(), 'cellpipe-runs-home-'));
const dir = mkdtempSync(join(tmpdir(), 'cellpipe-runs-cli-'));
const cli = (args: string[]) => runCli(args, home);

const NB = notebook([
  { source: 'import pandas as pd', tags: ['imports'] },
  { source: 'n = 3', tags: ['pipeline-parameters'] },
  step(
    'make',
    'df = pd.DataFrame({"a": range(n)})\nprint("rows", len(df))\ndf'
  ),
  step('show', 'print("sum", int(df.a.sum()))'),
  step('never', 'x = 1\nraise SystemExit(0)', { after: ['show'] })
]);

describe('cellpipe run --output-notebook, cellpipe runs, cellpipe runs delete', () => {
  test('the output notebook has each cell’s outputs from the run and reads as valid nbformat', async () => {
    const input = join(dir, 'nb.ipynb');
    const out = join(dir, 'out.ipynb');
    writeFileSync(input, JSON.stringify(NB));
    const { code, stdout } = await cli([
      'run',
      input,
      '--no-cache',
      '--param',
      'n=4',
      '--output-notebook',
      out
    ]);
    assert.equal(code, 0, stdout);
    const python = join(process.cwd(), '..', '.venv', 'bin', 'python');
    const check =
      'import nbformat, sys, json\n' +
      'nb = nbformat.read(sys.argv[1], as_version=4)\n' +
      'nbformat.validate(nb)\n' +
      'print(json.dumps([[o.get("output_type") for o in c.get("outputs", [])] for c in nb.cells]))';
    const { stdout: kinds } = await promisify(execFile)(python, [
      '-c',
      check,
      out
    ]);
    assert.deepEqual(JSON.parse(kinds), [
      [],
      [],
      ['stream', 'execute_result'],
      ['stream'],
      []
    ]);
    const written = JSON.parse(readFileSync(out, 'utf8')) as {
      cells: { outputs: { text?: string; data?: Record<string, string> }[] }[];
    };
    assert.equal(written.cells[2].outputs[0].text, 'rows 4\n');
    assert.match(
      written.cells[2].outputs[1].data?.['text/html'] ?? '',
      /<table/
    );
  });

  test('runs lists and filters; delete removes a run and refuses an unknown one', async () => {
    const listed = await cli(['runs', '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    const runs = JSON.parse(listed.stdout) as IRunSummary[];
    assert.equal(runs.length, 1);
    assert.equal(runs[0].title, 'nb · n=4');
    const filtered = await cli(['runs', '--status', 'failed', '--json']);
    assert.deepEqual(JSON.parse(filtered.stdout), []);
    const found = await cli(['runs', '--search', 'n=4']);
    assert.match(found.stdout, new RegExp(`${runs[0].id} +succeeded`));
    const deleted = await cli(['runs', 'delete', runs[0].id, 'no-such-run']);
    assert.equal(deleted.code, 1);
    assert.match(deleted.stdout, new RegExp(`deleted ${runs[0].id}`));
    assert.match(deleted.stderr, /no run with id "no-such-run"/);
    assert.match((await cli(['runs'])).stdout, /no runs/);
  });
});
