import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { resolvePython } from '../pipelines/pythonExecutable.js';

export const RUNTIME_DIR = fileURLToPath(
  new URL('../../runtime/', import.meta.url)
);
export const MODEL_SERVER_SCRIPT = join(RUNTIME_DIR, 'model_server.py');

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

export interface ITestModel {
  python: string;
  /** Holds `model.joblib` and its sidecar. */
  modelDir: string;
  rows: number[][];
  predictions: number[];
}

/** Trains a small LogisticRegression and saves it under `dir/model` (needs scikit-learn). */
export async function prepareTestModel(dir: string): Promise<ITestModel> {
  const python = await resolvePython();
  const modelDir = join(dir, 'model');
  const expected = join(dir, 'expected.json');
  mkdirSync(modelDir, { recursive: true });
  await promisify(execFile)(python, [
    '-c',
    PREPARE,
    RUNTIME_DIR,
    modelDir,
    expected
  ]);
  const { rows, predictions } = JSON.parse(readFileSync(expected, 'utf8')) as {
    rows: number[][];
    predictions: number[];
  };
  return { python, modelDir, rows, predictions };
}
