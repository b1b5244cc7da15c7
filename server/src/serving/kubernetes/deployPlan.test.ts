import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { NotAModelError, ValidationError } from '../../errors.js';
import type { IStoredArtifact } from '../../store/RunStore.js';
import type { IDeploySource } from '../DeployTarget.js';
import {
  type DeployPlan,
  type IPlanContext,
  planDeploy
} from './deployPlan.js';

const RUN = 'r-20261129-013502-3fa9c1';

function artifact(
  name: string,
  type: string,
  format: string,
  ext = format === 'joblib' ? 'joblib' : 'pkl'
): IStoredArtifact {
  return {
    step: 'train',
    name,
    type,
    format,
    size: 1234,
    sha256: 'ab'.repeat(32),
    path: `/home/me/.cellpipe/artifacts/${RUN}/train/${name}.${ext}`
  };
}

const MODEL = artifact(
  'model',
  'sklearn.linear_model._logistic.LogisticRegression',
  'joblib'
);

function source(over: Partial<IDeploySource> = {}): IDeploySource {
  return {
    runId: RUN,
    step: 'train',
    artifact: MODEL,
    stepArtifacts: [MODEL],
    stepImage: null,
    ...over
  };
}

const CTX: IPlanContext = {
  namespace: 'ml',
  artifactsClaim: 'cellpipe-artifacts',
  stepImage: 'python:3.11-slim',
  kserve: true,
  s3ServiceAccount: 'cellpipe-s3',
  serverFiles: () => ({
    'model_server.py': '# server\n',
    'model_protocols.py': '# protocols\n'
  })
};

function isvcPlan(plan: DeployPlan) {
  assert.equal(plan.kind, 'inference-service');
  return plan;
}

function serverPlan(plan: DeployPlan) {
  assert.equal(plan.kind, 'deployment');
  return plan;
}

describe('what deploying means on a cluster', () => {
  test('with KServe: an InferenceService of the step’s folder on the claim, sklearn, replicas and resources', () => {
    const plan = isvcPlan(
      planDeploy(
        'churn',
        source(),
        {
          minReplicas: 1,
          maxReplicas: 3,
          resources: { cpu: '500m', memory: '2Gi' }
        },
        CTX
      )
    );
    const predictor = plan.inferenceService.spec.predictor;
    assert.equal(plan.canary, false);
    assert.equal(plan.modelFormat, 'sklearn');
    assert.deepEqual(plan.warnings, []);
    assert.deepEqual(predictor, {
      minReplicas: 1,
      maxReplicas: 3,
      model: {
        modelFormat: { name: 'sklearn' },
        storageUri: `pvc://cellpipe-artifacts/${RUN}/train`,
        resources: { requests: { cpu: '500m', memory: '2Gi' } }
      }
    });
    assert.equal(plan.inferenceService.metadata.namespace, 'ml');
  });

  test('a canary carries canaryTrafficPercent; an image is not KServe’s to use (a warning)', () => {
    const plan = isvcPlan(
      planDeploy(
        'churn',
        source(),
        { canaryTrafficPercent: 10, image: 'registry.example/ml:2' },
        CTX
      )
    );
    assert.equal(plan.canary, true);
    assert.equal(plan.inferenceService.spec.predictor.canaryTrafficPercent, 10);
    assert.match(plan.warnings[0], /image registry\.example\/ml:2 is not used/);
  });

  test('an XGBoost model is declared sklearn, with KServe’s caveat as a warning', () => {
    const xgb = artifact('model', 'xgboost.sklearn.XGBClassifier', 'joblib');
    const plan = isvcPlan(
      planDeploy(
        'churn',
        source({ artifact: xgb, stepArtifacts: [xgb] }),
        {},
        CTX
      )
    );
    assert.equal(plan.modelFormat, 'sklearn');
    assert.match(plan.warnings[0], /its image needs xgboost/);
  });

  test('another pickle in the step’s folder: Cellpipe’s model server, even with KServe (a warning); no canary then', () => {
    const scaler = artifact(
      'scaler',
      'sklearn.preprocessing._data.StandardScaler',
      'pickle'
    );
    const withScaler = source({ stepArtifacts: [MODEL, scaler] });
    const plan = serverPlan(planDeploy('churn', withScaler, {}, CTX));
    assert.match(
      plan.warnings[0],
      /^served by Cellpipe's model server, not KServe: KServe loads the one .*also saved scaler\.pkl$/
    );
    assert.throws(
      () => planDeploy('churn', withScaler, { canaryTrafficPercent: 20 }, CTX),
      (err: Error) =>
        err instanceof ValidationError &&
        /also saved scaler\.pkl/.test(err.message)
    );
  });

  test('without KServe: the model server’s objects, owned by the ConfigMap once its uid is known', () => {
    const plan = serverPlan(
      planDeploy(
        'churn',
        source({ stepImage: 'registry.example/ml:1' }),
        {},
        { ...CTX, kserve: false }
      )
    );
    assert.deepEqual(plan.warnings, []);
    const loose = plan.objects();
    assert.equal(loose.deployment.metadata?.ownerReferences, undefined);
    const owned = plan.objects('uid-1');
    assert.deepEqual(
      owned.deployment.metadata?.ownerReferences?.map(o => [
        o.kind,
        o.name,
        o.uid
      ]),
      [['ConfigMap', 'churn-model-server', 'uid-1']]
    );
    assert.equal(
      owned.deployment.spec?.template.spec?.containers[0].image,
      'registry.example/ml:1'
    );
    assert.deepEqual(
      owned.deployment.spec?.template.spec?.containers[0].volumeMounts?.map(
        m => m.subPath
      ),
      [undefined, `${RUN}/train/model.json`, `${RUN}/train/model.joblib`]
    );
  });

  test('the image: the request’s, else the step’s, else the configured one (the bare default with a warning)', () => {
    const image = (
      over: Partial<IDeploySource>,
      img?: string,
      ctxImage?: string
    ) => {
      const plan = serverPlan(
        planDeploy('churn', source(over), img ? { image: img } : {}, {
          ...CTX,
          kserve: false,
          ...(ctxImage && { stepImage: ctxImage })
        })
      );
      return {
        image:
          plan.objects().deployment.spec?.template.spec?.containers[0].image,
        warnings: plan.warnings.length
      };
    };
    assert.deepEqual(image({ stepImage: 'step:1' }, 'asked:1'), {
      image: 'asked:1',
      warnings: 0
    });
    assert.deepEqual(image({ stepImage: 'step:1' }), {
      image: 'step:1',
      warnings: 0
    });
    assert.deepEqual(image({}, undefined, 'configured:1'), {
      image: 'configured:1',
      warnings: 0
    });
    assert.deepEqual(image({}), { image: 'python:3.11-slim', warnings: 1 });
  });

  test('a canary without KServe is refused: there is nothing to split traffic', () => {
    assert.throws(
      () =>
        planDeploy(
          'churn',
          source(),
          { canaryTrafficPercent: 10 },
          {
            ...CTX,
            kserve: false
          }
        ),
      (err: Error) =>
        err instanceof ValidationError &&
        /canaryTrafficPercent needs KServe/.test(err.message)
    );
  });

  test('bad input names every field at once', () => {
    assert.throws(
      () =>
        planDeploy(
          'Churn_1',
          source(),
          { minReplicas: 3, maxReplicas: 1, canaryTrafficPercent: 150 },
          CTX
        ),
      (err: Error) => {
        assert.ok(err instanceof ValidationError);
        assert.deepEqual(err.problems?.map(p => p.path).sort(), [
          'canaryTrafficPercent',
          'minReplicas',
          'name'
        ]);
        return true;
      }
    );
  });

  test('data is not deployed', () => {
    const frame = artifact(
      'frame',
      'pandas.core.frame.DataFrame',
      'pandas-pickle'
    );
    assert.throws(
      () => planDeploy('churn', source({ artifact: frame }), {}, CTX),
      NotAModelError
    );
  });

  test('a model in a bucket: KServe gets its object alone (a pickle beside it does not matter) and runs as the S3 ServiceAccount', () => {
    const inBucket = (a: IStoredArtifact): IStoredArtifact => ({
      ...a,
      path: `s3://ml-artifacts/cellpipe/${RUN}/train/${a.name}.${a.format === 'joblib' ? 'joblib' : 'pkl'}`
    });
    const model = inBucket(MODEL);
    const frame = inBucket(
      artifact('frame', 'pandas.core.frame.DataFrame', 'pandas-pickle')
    );
    const plan = isvcPlan(
      planDeploy(
        'churn',
        source({ artifact: model, stepArtifacts: [model, frame] }),
        {},
        CTX
      )
    );
    assert.deepEqual(plan.inferenceService.spec.predictor, {
      serviceAccountName: 'cellpipe-s3',
      model: {
        modelFormat: { name: 'sklearn' },
        storageUri: `s3://ml-artifacts/cellpipe/${RUN}/train/model.joblib`
      }
    });
    assert.deepEqual(plan.warnings, []);
    assert.throws(
      () =>
        planDeploy(
          'churn',
          source({ artifact: model }),
          {},
          { ...CTX, kserve: false }
        ),
      (err: Error) =>
        err instanceof ValidationError &&
        /the model is in a bucket .*cannot read yet .*install KServe, or deploy on "local"/.test(
          err.message
        )
    );
  });
});
