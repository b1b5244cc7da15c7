import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { notebook, step } from './notebooks.js';

/**
 * A pipeline that trains a real scikit-learn model: `data` saves arrays
 * (not deployable), `train` saves `model` (a LogisticRegression, joblib,
 * alone in its folder as KServe wants it), which `evaluate` reads.
 */
export function trainingNotebook(): Record<string, unknown> {
  return notebook(
    [
      {
        source:
          'import numpy as np\nfrom sklearn.datasets import make_classification\nfrom sklearn.linear_model import LogisticRegression',
        tags: ['imports']
      },
      step(
        'data',
        'X, y = make_classification(n_samples=300, n_features=4, random_state=0)\nprint("rows", len(X))'
      ),
      step(
        'train',
        'model = LogisticRegression(random_state=0).fit(X, y)\nprint("trained")'
      ),
      step(
        'evaluate',
        'accuracy = float(model.score(X, y))\nprint(f"accuracy {accuracy:.3f}")'
      ),
      { source: 'accuracy', tags: ['pipeline-metrics'] }
    ],
    { version: 1 }
  );
}

/** Rows the tests send: 3 of them, 4 features each. */
export const TEST_ROWS = [
  [0.5, -1.2, 0.3, 2.0],
  [-0.7, 0.1, 1.5, -0.4],
  [1.1, 0.9, -2.2, 0.05]
];

/** What the saved model itself answers (joblib.load(path).predict / predict_proba). */
export async function modelAnswers(
  python: string,
  modelPath: string,
  rows: number[][]
): Promise<{ predict: number[]; proba: number[][] }> {
  const { stdout } = await promisify(execFile)(python, [
    '-c',
    'import json, sys, joblib\nm = joblib.load(sys.argv[1])\nrows = json.loads(sys.argv[2])\nprint(json.dumps({"predict": m.predict(rows).tolist(), "proba": m.predict_proba(rows).tolist()}))',
    modelPath,
    JSON.stringify(rows)
  ]);
  return JSON.parse(stdout) as { predict: number[]; proba: number[][] };
}
