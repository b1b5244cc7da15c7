import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { resolvePython } from '../../pipelines/pythonExecutable.js';
import { until } from '../../testing/testEngine.js';
import {
  type IModelServerHandle,
  processAlive,
  startModelServer,
  stopModelServer
} from './ModelServerProcess.js';

const RUNTIME = fileURLToPath(new URL('../../../runtime/', import.meta.url));
const SCRIPT = join(RUNTIME, 'model_server.py');

// A real scikit-learn model, saved by the harness's own writer (as a step would).
const PREPARE = `
import json, sys
sys.path.insert(0, sys.argv[1])
import harness
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
X, y = make_classification(n_samples=200, n_features=4, random_state=0)
model = LogisticRegression(random_state=0).fit(X, y)
class Recorder:
    def emit(self, event, **fields):
        pass
harness._save_output("model", {"model": model}, sys.argv[2], Recorder())
json.dump({"rows": X[:5].tolist(), "predictions": model.predict(X[:5]).tolist()}, open(sys.argv[3], "w"))
`;

describe('a local model server process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cellpipe-model-'));
  const modelDir = join(dir, 'model');
  const expectedFile = join(dir, 'expected.json');
  let python: string;
  let expected: { rows: number[][]; predictions: number[] };
  const started: IModelServerHandle[] = [];
  const launch = (port = 0) =>
    startModelServer({
      python,
      script: SCRIPT,
      modelDir,
      name: 'iris',
      port,
      logFile: join(dir, 'server.log')
    }).then(h => (started.push(h), h));

  before(async () => {
    python = await resolvePython();
    mkdirSync(modelDir);
    await promisify(execFile)(python, [
      '-c',
      PREPARE,
      RUNTIME,
      modelDir,
      expectedFile
    ]);
    expected = JSON.parse(
      readFileSync(expectedFile, 'utf8')
    ) as typeof expected;
  });
  after(async () => {
    await Promise.all(started.map(h => stopModelServer(h.pid)));
  });

  test('starts on a free loopback port and predicts what the model predicts', async () => {
    const server = await launch();
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${server.url}/v1/models/iris:predict`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ instances: expected.rows })
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { predictions: expected.predictions });
  });

  test('a missing model makes start fail with the reason and the log', async () => {
    await assert.rejects(
      startModelServer({
        python,
        script: SCRIPT,
        modelDir: join(dir, 'nothing-here'),
        name: 'none',
        port: 0,
        logFile: join(dir, 'bad.log')
      }),
      /exited with code \d+ before it was ready \(log: .*bad\.log\)/
    );
  });

  test('stopping it frees the port; it can come back on the same port', async () => {
    const first = await launch();
    await stopModelServer(first.pid);
    await until(() => !processAlive(first.pid), 5_000, 'the process to end');
    await assert.rejects(fetch(`${first.url}/v2/health/ready`));
    const again = await launch(first.port);
    assert.equal(again.url, first.url);
    assert.equal((await fetch(`${again.url}/v2/health/ready`)).status, 200);
  });
});
