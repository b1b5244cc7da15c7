import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { CLI_PATH } from '../testing/cliProcess.js';
import { notebook, step } from '../testing/notebooks.js';

const dir = mkdtempSync(join(tmpdir(), 'cellpipe-compile-images-'));
const NOTEBOOK = join(dir, 'images.ipynb');
writeFileSync(
  NOTEBOOK,
  JSON.stringify(
    notebook(
      [
        step('load', 'x = 1'),
        step('train', 'y = x + 1'),
        step('report', 'print(y)')
      ],
      {
        version: 1,
        defaults: { runtime_image: 'team/kale-base:2' },
        steps: {
          train: { runtime_image: 'team/gpu:1' },
          report: { runtime_image: 'team/kale-base:2' }
        }
      }
    )
  )
);
const ONE_STEP = join(dir, 'one.ipynb');
writeFileSync(ONE_STEP, JSON.stringify(notebook([step('only', 'x = 1')])));

function cli(
  args: string[],
  env: Record<string, string>
): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean = { ...process.env };
  for (const k of [
    'CELLPIPE_STEP_IMAGE',
    'POD_NAME',
    'POD_NAMESPACE',
    'KUBERNETES_SERVICE_HOST'
  ]) {
    delete clean[k];
  }
  return new Promise(resolve => {
    execFile(
      process.execPath,
      [CLI_PATH, ...args],
      { env: { ...clean, KUBECONFIG: join(dir, 'none'), ...env } },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number(err.code) : 0, stdout, stderr })
    );
  });
}

describe('cellpipe compile --target kubernetes', () => {
  test('says which image each step gets there, and why', async () => {
    const { code, stdout } = await cli(
      ['compile', NOTEBOOK, '--target', 'kubernetes'],
      { CELLPIPE_STEP_IMAGE: 'team/base:1' }
    );
    assert.equal(code, 0, stdout);
    const section = stdout.slice(stdout.indexOf('Images (kubernetes)'));
    assert.deepEqual(
      section
        .trim()
        .split('\n')
        .map(l => l.trim().split(/\s{2,}/)),
      [
        ['Images (kubernetes)'],
        ['load', 'team/kale-base:2', 'pipeline default runtime_image'],
        ['train', 'team/gpu:1', 'step setting runtime_image'],
        ['report', 'team/kale-base:2', 'pipeline default runtime_image']
      ]
    );
  });

  test('--image beats CELLPIPE_STEP_IMAGE; --json carries the images', async () => {
    const { stdout } = await cli(
      [
        'compile',
        ONE_STEP,
        '--target',
        'kubernetes',
        '--image',
        'mine:3',
        '--json'
      ],
      { CELLPIPE_STEP_IMAGE: 'team/base:1' }
    );
    assert.deepEqual((JSON.parse(stdout) as { images: unknown }).images, {
      only: { image: 'mine:3', source: '--image' }
    });
  });

  test('outside a pod and without a setting: the default', async () => {
    const { stdout } = await cli(
      ['compile', ONE_STEP, '--target', 'kubernetes', '--json'],
      {}
    );
    assert.deepEqual((JSON.parse(stdout) as { images: unknown }).images, {
      only: { image: 'python:3.11-slim', source: 'default' }
    });
  });

  test('without --target the output is as before', async () => {
    const { stdout } = await cli(['compile', ONE_STEP], {});
    assert.ok(!stdout.includes('Images'));
  });
});
