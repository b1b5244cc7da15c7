import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';

import type { IStepJob } from '../Executor.js';
import { resolvePython } from '../../pipelines/pythonExecutable.js';
import { PROGRAM_MOUNT } from '../../kube/kubernetesOptions.js';
import { PACKAGES_DIR, stepCommand } from './jobSpec.js';

function job(packages?: string[]): IStepJob {
  return {
    runId: 'r-1',
    step: 'train',
    program: '',
    programHash: 'h',
    context: { run_id: 'r-1', inputs: {}, output_dir: '/x', parameters: {} },
    properties: packages ? { packages } : {},
    cwd: '/'
  };
}

/** A wheel pip installs with no index: a module `cp18pkg` saying hello. */
function wheel(folder: string): string {
  const path = join(folder, 'cp18pkg-1.0-py3-none-any.whl');
  const files: Record<string, string> = {
    'cp18pkg.py': 'HELLO = "from the package"\n',
    'cp18pkg-1.0.dist-info/METADATA':
      'Metadata-Version: 2.1\nName: cp18pkg\nVersion: 1.0\n',
    'cp18pkg-1.0.dist-info/WHEEL':
      'Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n',
    'cp18pkg-1.0.dist-info/RECORD': ''
  };
  const code = [
    'import sys, zipfile, json',
    'files = json.loads(sys.argv[2])',
    'with zipfile.ZipFile(sys.argv[1], "w") as z:',
    '    [z.writestr(name, text) for name, text in files.items()]'
  ].join('\n');
  return JSON.stringify([code, path, JSON.stringify(files)]);
}

describe("a Kubernetes step's packages", () => {
  test('without packages the program runs as it is', () => {
    assert.deepEqual(stepCommand(job()), [
      'python3',
      '-u',
      `${PROGRAM_MOUNT}/train.py`,
      `${PROGRAM_MOUNT}/train.context.json`
    ]);
  });

  test('are pip-installed into the work volume first, as arguments, never as shell text', () => {
    const command = stepCommand(job(['scikit-learn==1.5', 'x; rm -rf /']));
    assert.deepEqual(command.slice(0, 2), ['sh', '-c']);
    assert.deepEqual(command.slice(3), [
      'cellpipe-packages',
      'scikit-learn==1.5',
      'x; rm -rf /'
    ]);
    assert.ok(command[2].includes(`--target ${PACKAGES_DIR} "$@"`));
    assert.ok(!command[2].includes('scikit-learn'));
  });

  test('replayed locally, the program imports what pip installed', async () => {
    const run = promisify(execFile);
    const python = await resolvePython();
    const folder = mkdtempSync(join(tmpdir(), 'cp18-packages-'));
    const [code, path, files] = JSON.parse(wheel(folder)) as string[];
    await run(python, ['-c', code, path, files]);
    const program = join(folder, 'program');
    mkdirSync(program);
    writeFileSync(
      join(program, 'train.py'),
      'import cp18pkg, sys\nprint(cp18pkg.HELLO, sys.argv[1])\n'
    );
    writeFileSync(join(program, 'train.context.json'), '{}');
    const [, , script, ...args] = stepCommand(job([path]));
    const local = script
      .replaceAll(PACKAGES_DIR, join(folder, 'packages'))
      .replaceAll(PROGRAM_MOUNT, program)
      .replaceAll('python3', python);
    const { stdout } = await run('sh', ['-c', local, ...args], {
      env: { ...process.env, PIP_NO_INDEX: '1' }
    });
    assert.equal(
      stdout.trim(),
      `from the package ${program}/train.context.json`
    );
  });
});
