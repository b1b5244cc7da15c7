import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import type { V1Container, V1PodSpec } from '@kubernetes/client-node';

import { resolvePython } from '../../pipelines/pythonExecutable.js';
import {
  buildModelServerDeployment,
  type IModelServerObjects
} from './modelServerSpec.js';

const RUNTIME = fileURLToPath(new URL('../../../runtime/', import.meta.url));
const RUN = 'r-20261129-013502-3fa9c1';

// A train step's folder as the harness leaves it: the model beside other
// artifacts, a pickled scaler (which has a sidecar too) among them.
const PREPARE = `
import json, sys
sys.path.insert(0, sys.argv[1])
import harness
import pandas as pd
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
X, y = make_classification(n_samples=200, n_features=4, random_state=0)
values = {"model": LogisticRegression(random_state=0).fit(X, y),
          "scaler": StandardScaler().fit(X), "X_test": X[:5],
          "frame": pd.DataFrame(X)}
class Recorder:
    def emit(self, event, **fields):
        pass
for name in values:
    harness._save_output(name, values, sys.argv[2], Recorder())
json.dump({"rows": X[:5].tolist(), "predictions": values["model"].predict(X[:5]).tolist()},
          open(sys.argv[3], "w"))
`;

/**
 * Lays out what the pod would see under `root`: the ConfigMap's files, and
 * each subPath of the claim where it is mounted (a symlink stands for the
 * bind mount).
 */
function mountVolumes(
  objects: IModelServerObjects,
  claimDir: string,
  root: string
): V1Container {
  const pod: V1PodSpec = objects.deployment.spec!.template.spec!;
  const [container] = pod.containers;
  for (const mount of container.volumeMounts ?? []) {
    const volume = pod.volumes?.find(v => v.name === mount.name);
    const target = join(root, mount.mountPath);
    mkdirSync(dirname(target), { recursive: true });
    if (volume?.configMap) {
      assert.equal(volume.configMap.name, objects.configMap.metadata?.name);
      mkdirSync(target);
      for (const [key, text] of Object.entries(objects.configMap.data ?? {})) {
        writeFileSync(join(target, key), text);
      }
    } else {
      assert.ok(volume?.persistentVolumeClaim, `${mount.name} is the claim`);
      symlinkSync(join(claimDir, mount.subPath ?? ''), target);
    }
  }
  return container;
}

/**
 * The container's command with the two rewrites a replay needs: pod paths
 * move under `root`, and it listens on a free loopback port instead of 8080.
 */
function replayArgs(container: V1Container, root: string): string[] {
  const args = container.command!.slice(1);
  return args.map((arg, i) => {
    if (args[i - 1] === '--port') {
      return '0';
    }
    if (args[i - 1] === '--host') {
      return '127.0.0.1';
    }
    return arg.startsWith('/cellpipe/') ? join(root, arg) : arg;
  });
}

describe("the model server's pod, replayed with the machine's Python", () => {
  const dir = mkdtempSync(join(tmpdir(), 'cellpipe-model-pod-'));
  const claimDir = join(dir, 'claim');
  const stepDir = join(claimDir, RUN, 'train');
  const podRoot = join(dir, 'pod');
  let server: ChildProcess | undefined;
  let stderr = '';
  let url = '';
  let python: string;
  let container: V1Container;
  let expected: { rows: number[][]; predictions: number[] };

  before(async () => {
    python = await resolvePython();
    mkdirSync(stepDir, { recursive: true });
    const expectedFile = join(dir, 'expected.json');
    await promisify(execFile)(python, [
      '-c',
      PREPARE,
      RUNTIME,
      stepDir,
      expectedFile
    ]);
    expected = JSON.parse(
      readFileSync(expectedFile, 'utf8')
    ) as typeof expected;
    const built = buildModelServerDeployment({
      name: 'churn',
      namespace: 'ml',
      runId: RUN,
      step: 'train',
      artifactName: 'model',
      artifactFile: 'model.joblib',
      serverFiles: {
        'model_server.py': readFileSync(
          join(RUNTIME, 'model_server.py'),
          'utf8'
        ),
        'model_protocols.py': readFileSync(
          join(RUNTIME, 'model_protocols.py'),
          'utf8'
        )
      }
    });
    assert.ok(built.ok);
    container = mountVolumes(built.value, claimDir, podRoot);
    const env = Object.fromEntries(
      (container.env ?? []).map(e => [e.name, e.value ?? ''])
    );
    server = spawn(python, replayArgs(container, podRoot), {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    server.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [line] = (await once(
      createInterface({ input: server.stdout! }),
      'line'
    )) as [string];
    url = /listening on (http:\/\/\S+)$/.exec(line)?.[1] ?? '';
    assert.ok(url, `unexpected first line: ${line}\n${stderr}`);
  });

  after(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await once(server, 'exit');
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test('the step folder has several artifacts; the model folder only the one', () => {
    assert.deepEqual(
      readdirSync(stepDir)
        .filter(f => f.endsWith('.json'))
        .sort(),
      ['X_test.json', 'frame.json', 'model.json', 'scaler.json']
    );
    assert.deepEqual(readdirSync(join(podRoot, 'cellpipe/model')).sort(), [
      'model.joblib',
      'model.json'
    ]);
  });

  test('the step folder itself would not do: the server wants one sidecar', async () => {
    const failed = await promisify(execFile)(python, [
      join(RUNTIME, 'model_server.py'),
      ...['--model-dir', stepDir, '--name', 'churn', '--port', '0']
    ]).then(
      () => null,
      (err: { code: number; stderr: string }) => err
    );
    assert.equal(failed?.code, 1);
    assert.match(
      failed?.stderr ?? '',
      /must hold exactly one artifact sidecar/
    );
  });

  test('the readiness and liveness probes get 200', async () => {
    for (const probe of [container.readinessProbe, container.livenessProbe]) {
      const res = await fetch(`${url}${probe?.httpGet?.path}`);
      assert.equal(res.status, 200, probe?.httpGet?.path);
    }
  });

  test('it answers with the model it was given, under the deployment name', async () => {
    const res = await fetch(`${url}/v1/models/churn:predict`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ instances: expected.rows })
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { predictions: expected.predictions });
  });
});
