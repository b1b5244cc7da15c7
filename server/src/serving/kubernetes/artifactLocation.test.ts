import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  artifactFileName,
  type ILocatedArtifact,
  kserveStorageUri
} from './artifactLocation.js';

const RUN = 'r-20261129-013502-3fa9c1';
const model: ILocatedArtifact = {
  step: 'train',
  name: 'model',
  format: 'joblib'
};

describe('artifact locations', () => {
  test('file names follow the harness: the record path wins, else the format extension', () => {
    assert.equal(artifactFileName(model), 'model.joblib');
    assert.equal(
      artifactFileName({ ...model, name: 'df', format: 'pandas-pickle' }),
      'df.pkl'
    );
    assert.equal(
      artifactFileName({ ...model, format: 'npy', name: 'X' }),
      'X.npy'
    );
    assert.equal(
      artifactFileName({
        ...model,
        path: `/home/u/.cellpipe/artifacts/${RUN}/train/model.joblib`
      }),
      'model.joblib'
    );
    assert.equal(artifactFileName({ ...model, format: 'parquet' }), null);
  });

  test("KServe gets the step's folder when the model is its only pickle", () => {
    const siblings: ILocatedArtifact[] = [
      model,
      { step: 'train', name: 'X_test', format: 'npy' },
      { step: 'load', name: 'frame', format: 'pandas-pickle' }
    ];
    assert.deepEqual(
      kserveStorageUri('cellpipe-artifacts', RUN, model, siblings),
      { ok: true, uri: `pvc://cellpipe-artifacts/${RUN}/train` }
    );
  });

  test('another pickle in the same step folder is refused, naming it', () => {
    const siblings: ILocatedArtifact[] = [
      model,
      { step: 'train', name: 'scaler', format: 'pickle' },
      { step: 'train', name: 'frame', format: 'pandas-pickle' }
    ];
    const result = kserveStorageUri('claim', RUN, model, siblings);
    assert.equal(result.ok, false);
    assert.match(
      !result.ok ? result.reason : '',
      /step "train" also saved frame\.pkl, scaler\.pkl: deploy it with Cellpipe's model server/
    );
  });
});
