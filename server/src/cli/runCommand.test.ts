import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import type { IRunRecord } from '../contract/wire.js';
import { runCli } from '../testing/cliProcess.js';
import { notebook, step } from '../testing/notebooks.js';

const home = mkdtempSync(join(tmpdir(), 'cellpipe-run-home-'));
const dir = mkdtempSync(join(tmpdir(), 'cellpipe-run-cli-'));

function write(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

const cli = (args: string[]) => runCli(args, home);

const GOOD = notebook([
  { source: 'n = 4', tags: ['pipeline-parameters'] },
  step(
    'load',
    'data = list(range(n))\nopen("seen.txt", "w").write("cwd is the notebook folder")'
  ),
  step('train', 'total = sum(data)\nprint("total", total)'),
  { source: 'total', tags: ['pipeline-metrics'] }
]);

describe('cellpipe run', () => {
  test('runs the notebook in its folder, shows each step, exits 0', async () => {
    const { code, stdout } = await cli([
      'run',
      write('good.ipynb', GOOD),
      '--no-cache'
    ]);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /load +running/);
    assert.match(stdout, /train +succeeded \(\d+\.\d s\)/);
    assert.match(stdout, /Run r-\S+ succeeded in/);
  });

  test('--json prints the final record: steps, durations, metrics, artifacts', async () => {
    const { code, stdout } = await cli([
      'run',
      write('json.ipynb', GOOD),
      '--json',
      '--param',
      'n=10',
      '--no-cache'
    ]);
    assert.equal(code, 0);
    const run = JSON.parse(stdout) as IRunRecord;
    assert.equal(run.status, 'succeeded');
    assert.deepEqual(run.parameters, { n: 10 });
    assert.deepEqual(
      run.metrics.map(m => [m.name, m.value]),
      [['total', 45]]
    );
    assert.deepEqual(
      run.artifacts.map(a => a.name),
      ['data']
    );
    assert.ok(run.steps.every(s => typeof s.durationMs === 'number'));
  });

  test('a second run reuses the cached steps', async () => {
    const path = write('cached.ipynb', GOOD);
    await cli(['run', path]);
    const { stdout } = await cli(['run', path, '--json']);
    const run = JSON.parse(stdout) as IRunRecord;
    assert.deepEqual(
      run.steps.map(s => s.status),
      ['cached', 'cached']
    );
  });

  test('a failed step: exit 1, its log and traceback printed', async () => {
    const bad = notebook([
      step('ok', 'x = 1'),
      step('boom', 'print("before the error")\ny = x / 0')
    ]);
    const { code, stdout } = await cli(['run', write('bad.ipynb', bad)]);
    assert.equal(code, 1);
    assert.match(
      stdout,
      /--- boom: ZeroDivisionError: division by zero \(cell 2, line 2\)/
    );
    assert.match(stdout, /before the error/);
    assert.match(stdout, /File "<cell 2 \(c1\)>", line 2/);
    assert.match(stdout, /Run r-\S+ failed in .*: step "boom" failed/);
  });

  test('a pipeline with errors is refused with its problems (exit 1)', async () => {
    const { code, stderr } = await cli([
      'run',
      write('cycle.ipynb', notebook([step('a', 'x = 1', { after: ['a'] })]))
    ]);
    assert.equal(code, 1);
    assert.match(stderr, /the pipeline has errors/);
    assert.match(stderr, /cycle: a → a/);
  });

  test('a missing file exits 2', async () => {
    const { code, stderr } = await cli(['run', join(dir, 'missing.ipynb')]);
    assert.equal(code, 2);
    assert.match(stderr, /cannot read/);
  });
});
