import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  type IModelArtifact,
  inferModelFormat,
  isDeployable
} from './modelFormat.js';

const artifact = (
  name: string,
  type: string,
  format: string
): IModelArtifact => ({ name, type, format });

describe('model format inference', () => {
  const sklearnModels: IModelArtifact[] = [
    artifact(
      'model',
      'sklearn.linear_model._logistic.LogisticRegression',
      'joblib'
    ),
    artifact('pipe', 'sklearn.pipeline.Pipeline', 'joblib'),
    artifact(
      'forest',
      'sklearn.ensemble._forest.RandomForestRegressor',
      'joblib'
    )
  ];
  for (const a of sklearnModels) {
    test(`a joblib ${a.type} is a scikit-learn model, with no version pinned`, () => {
      assert.deepEqual(inferModelFormat(a), {
        ok: true,
        format: { name: 'sklearn' },
        library: 'sklearn'
      });
      assert.equal(isDeployable(a), true);
    });
  }

  const boosters: [IModelArtifact, 'xgboost' | 'lightgbm'][] = [
    [artifact('clf', 'xgboost.sklearn.XGBClassifier', 'joblib'), 'xgboost'],
    [artifact('reg', 'xgboost.sklearn.XGBRegressor', 'joblib'), 'xgboost'],
    [artifact('clf', 'lightgbm.sklearn.LGBMClassifier', 'joblib'), 'lightgbm']
  ];
  for (const [a, library] of boosters) {
    test(`a joblib ${a.type} is served as sklearn, noting that the image needs ${library}`, () => {
      const result = inferModelFormat(a);
      assert.ok(result.ok);
      assert.deepEqual(result.format, { name: 'sklearn' });
      assert.equal(result.library, library);
      assert.match(result.note ?? '', new RegExp(`image needs ${library}`));
      assert.match(result.note ?? '', /KSERVE_ALLOW_UNSAFE_DESERIALIZATION/);
    });
  }

  const notModels: [IModelArtifact, string][] = [
    [
      artifact('data', 'numpy.ndarray', 'npy'),
      '"data" is a numpy array (npy), not a model'
    ],
    [
      artifact('frame', 'pandas.core.frame.DataFrame', 'pandas-pickle'),
      '"frame" is a pandas DataFrame (pandas-pickle), not a model'
    ],
    [
      artifact('labels', 'pandas.core.series.Series', 'pandas-pickle'),
      '"labels" is a pandas Series (pandas-pickle), not a model'
    ],
    [artifact('params', 'dict', 'pickle'), '"params" is a dict, not a model'],
    [
      artifact('params', 'builtins.dict', 'pickle'),
      '"params" is a dict, not a model'
    ],
    [artifact('n', 'int', 'pickle'), '"n" is an int, not a model'],
    [artifact('blob', 'bytes', 'bytes'), '"blob" is bytes, not a model'],
    [
      artifact('np', 'module', 'module'),
      '"np" is an imported module, not a model'
    ]
  ];
  for (const [a, reason] of notModels) {
    test(`${a.format} ${a.type} is not a model: ${reason}`, () => {
      assert.deepEqual(inferModelFormat(a), { ok: false, reason });
      assert.equal(isDeployable(a), false);
    });
  }

  test('a scikit-learn object the harness pickled has no predict(), so it is no model', () => {
    // The harness saves with joblib exactly the values with fit() and predict().
    for (const a of [
      artifact(
        'scaler',
        'sklearn.preprocessing._data.StandardScaler',
        'pickle'
      ),
      artifact('prep', 'sklearn.pipeline.Pipeline', 'pickle'),
      artifact('booster', 'xgboost.core.Booster', 'pickle')
    ]) {
      const result = inferModelFormat(a);
      assert.equal(result.ok, false);
      assert.equal(
        !result.ok && result.reason,
        `"${a.name}" is a ${a.type} saved as pickle, not a model: ` +
          'Cellpipe saves objects with fit() and predict() as models (joblib)'
      );
    }
  });

  test('a class defined in the notebook cannot be imported by a server', () => {
    const result = inferModelFormat(artifact('m', '__main__.Scorer', 'joblib'));
    assert.equal(result.ok, false);
    assert.match(
      !result.ok ? result.reason : '',
      /^"m" is a __main__\.Scorer, a class defined in the notebook: a server cannot import it/
    );
  });

  test('models of other libraries are named, with what Cellpipe deploys', () => {
    assert.deepEqual(
      inferModelFormat(
        artifact('cat', 'catboost.core.CatBoostClassifier', 'joblib')
      ),
      {
        ok: false,
        reason:
          '"cat" is a catboost.core.CatBoostClassifier; Cellpipe deploys ' +
          'scikit-learn, XGBoost and LightGBM models'
      }
    );
  });
});
