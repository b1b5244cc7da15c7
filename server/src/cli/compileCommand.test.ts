import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import type { ICompileResult } from '../contract/wire.js';
import { CLI_PATH } from '../testing/cliProcess.js';
import { notebook, step } from '../testing/notebooks.js';
import { nameFromPath } from '../pipelines/pipelineName.js';
import { parseParams } from './compileCommand.js';

const dir = mkdtempSync(join(tmpdir(), 'cellpipe-compile-'));

function write(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    typeof content === 'string' ? content : JSON.stringify(content)
  );
  return path;
}

function cli(
  args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(process.execPath, [CLI_PATH, ...args], (err, stdout, stderr) => {
      resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
    });
  });
}

const GOOD = notebook([
  { source: 'n = 3', tags: ['pipeline-parameters'] },
  step('load', 'data = list(range(n))'),
  step('train', 'total = sum(data)'),
  { source: 'total', tags: ['pipeline-metrics'] }
]);

describe('cellpipe compile', () => {
  test('reads a notebook: reference beside the file, and says which edges carry random state', async () => {
    write(
      'prep.ipynb',
      notebook([
        step('load', 'import random\nrandom.seed(1)\nxs = [random.random()]')
      ])
    );
    const main = notebook([
      { source: '', tags: ['notebook:prep'] },
      step('use', 'import random\nys = xs + [random.random()]')
    ]);
    const { code, stdout } = await cli([
      'compile',
      write('composed.ipynb', main)
    ]);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /load → use \((random state, xs|xs, random state)\)/);
  });

  test('prints steps, edges, parameters and metrics, and exits 0', async () => {
    const { code, stdout } = await cli([
      'compile',
      write('My Notebook.ipynb', GOOD),
      '--param',
      'n=5'
    ]);
    assert.equal(code, 0);
    assert.match(
      stdout,
      /Pipeline "my-notebook": 2 steps, 1 parameter, 1 metric/
    );
    assert.match(stdout, /n +int +5 \(default 3\)/);
    assert.match(stdout, /load +cell 2 +out: data/);
    assert.match(stdout, /train +cell 3 +in: data +metrics: total/);
    assert.match(stdout, /load → train \(data\)/);
    assert.match(stdout, /OK: the pipeline can run\./);
  });

  test('--json prints the same result as the API', async () => {
    const { code, stdout } = await cli([
      'compile',
      write('good.ipynb', GOOD),
      '--json'
    ]);
    assert.equal(code, 0);
    const result = JSON.parse(stdout) as ICompileResult;
    assert.equal(result.name, 'good');
    assert.deepEqual(result.order, ['load', 'train']);
    assert.deepEqual(result.metrics, ['total']);
  });

  test('exits 1 when the pipeline has errors, and names them', async () => {
    const bad = notebook([
      step('a', 'x = 1', { after: ['b'] }),
      step('b', 'print(x)')
    ]);
    const { code, stdout } = await cli(['compile', write('bad.ipynb', bad)]);
    assert.equal(code, 1);
    assert.match(stdout, /error +the steps depend on each other in a cycle/);
    assert.match(stdout, /cannot run until the errors above are fixed/);
  });

  test('exits 1 for an unknown parameter', async () => {
    const { code, stdout } = await cli([
      'compile',
      write('p.ipynb', GOOD),
      '--param',
      'zzz=1'
    ]);
    assert.equal(code, 1);
    assert.match(stdout, /"zzz" is not a pipeline parameter/);
  });

  test('exits 2 for a file that is missing or not JSON', async () => {
    const missing = await cli(['compile', join(dir, 'nope.ipynb')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read .*nope\.ipynb/);
    const garbage = await cli(['compile', write('garbage.ipynb', '{not json')]);
    assert.equal(garbage.code, 2);
    assert.match(garbage.stderr, /it is not JSON/);
  });

  test('exits 2 for a malformed --param', async () => {
    const { code, stderr } = await cli([
      'compile',
      write('q.ipynb', GOOD),
      '--param',
      'novalue'
    ]);
    assert.equal(code, 2);
    assert.match(stderr, /--param expects NAME=VALUE/);
  });
});

describe('command-line helpers', () => {
  test('parse --param pairs, keeping "=" in values', () => {
    assert.deepEqual(parseParams(['a=1', 'b=x=y', 'c=']), {
      a: '1',
      b: 'x=y',
      c: ''
    });
  });

  test('derive a pipeline name from the file name', () => {
    assert.equal(nameFromPath('/x/My Notebook (v2).ipynb'), 'my-notebook-v2');
    assert.equal(nameFromPath('???.ipynb'), 'pipeline');
  });
});
