import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';

import { Command } from 'commander';

import { CLI_PATH } from '../testing/cliProcess.js';

import {
  addKubernetesFlags,
  kubernetesOptionsFrom,
  type IKubernetesFlags
} from './kubernetesFlags.js';

/** Parses `args` the way `run` and `serve` do and maps the result. */
function parse(args: string[]) {
  const command = addKubernetesFlags(
    new Command('t').exitOverride().configureOutput({ writeErr: () => {} })
  );
  command.parse(args, { from: 'user' });
  return kubernetesOptionsFrom(command.opts<IKubernetesFlags>());
}

describe('kubernetes flags', () => {
  test('every flag lands in the engine options under its camel-cased name', () => {
    assert.deepEqual(
      parse([
        '--kubeconfig',
        '/home/me/.kube/lab',
        '--namespace',
        'ml',
        '--image',
        'python:3.12-slim',
        '--artifacts-claim',
        'shared-artifacts'
      ]),
      {
        kubeconfig: '/home/me/.kube/lab',
        namespace: 'ml',
        image: 'python:3.12-slim',
        artifactsClaim: 'shared-artifacts'
      }
    );
  });

  test('no flags: an empty object, so the engine applies its defaults', () => {
    const options = parse([]);
    assert.deepEqual(options, {});
    assert.ok(!('kubeconfig' in options));
  });

  test('only the given flags are set; blank values count as not given', () => {
    assert.deepEqual(parse(['--namespace', 'ml', '--image', '  ']), {
      namespace: 'ml'
    });
  });

  test('a flag without its value is a usage error', () => {
    assert.throws(
      () => parse(['--namespace']),
      (err: Error & { code?: string }) =>
        err.code === 'commander.optionMissingArgument'
    );
  });
});

describe('cellpipe run and serve offer the kubernetes flags', () => {
  for (const command of ['run', 'serve']) {
    test(`${command} --help lists them`, async () => {
      const { stdout } = await promisify(execFile)(process.execPath, [
        CLI_PATH,
        command,
        '--help'
      ]);
      for (const flag of [
        '--kubeconfig <path>',
        '--namespace <namespace>',
        '--image <image>',
        '--artifacts-claim <name>'
      ]) {
        assert.ok(stdout.includes(flag), `${flag} missing:\n${stdout}`);
      }
      assert.match(stdout, /this machine or a\s+Kubernetes cluster/);
    });
  }
});
