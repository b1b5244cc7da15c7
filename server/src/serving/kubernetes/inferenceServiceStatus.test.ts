import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  type ICondition,
  inferenceServiceState,
  type IInferenceServiceStatus,
  type IWatchedInferenceService,
  predictorService
} from './inferenceServiceStatus.js';

const URL_ = 'http://churn.ml.example.com';

function isvc(
  status: IInferenceServiceStatus | undefined,
  model: { format?: string; runtime?: string } = {}
): IWatchedInferenceService {
  return {
    metadata: { name: 'churn', namespace: 'ml' },
    spec: {
      predictor: {
        model: {
          modelFormat: { name: model.format ?? 'sklearn' },
          ...(model.runtime && { runtime: model.runtime })
        }
      }
    },
    status
  };
}

const READY: ICondition[] = [
  { type: 'IngressReady', status: 'True' },
  { type: 'PredictorReady', status: 'True' },
  { type: 'Ready', status: 'True' }
];

const LOADED = {
  transitionStatus: 'UpToDate',
  states: { activeModelState: 'Loaded', targetModelState: 'Loaded' }
};

describe('InferenceService status in words', () => {
  test('ready: Ready=True and the active model Loaded, with the url', () => {
    assert.deepEqual(
      inferenceServiceState(
        isvc({ url: URL_, conditions: READY, modelStatus: LOADED }),
        false
      ),
      { status: 'ready', reason: null, url: URL_ }
    );
  });

  test('ready without model states (older KServe reports none)', () => {
    assert.equal(
      inferenceServiceState(isvc({ url: URL_, conditions: READY }), false)
        .status,
      'ready'
    );
  });

  test('Ready=True while the model still loads is not ready yet', () => {
    const state = inferenceServiceState(
      isvc({
        conditions: READY,
        modelStatus: {
          transitionStatus: 'InProgress',
          states: { activeModelState: 'Loading' }
        }
      }),
      false
    );
    assert.deepEqual(state, {
      status: 'deploying',
      reason: 'the model is loading',
      url: null
    });
  });

  test('no status yet: waiting for KServe, which may not be running', () => {
    const state = inferenceServiceState(isvc(undefined), false);
    assert.equal(state.status, 'deploying');
    assert.match(state.reason ?? '', /waiting for KServe .*controller/);
  });

  test('no ServingRuntime for the format (KServe: InvalidSpec, NoSupportingRuntime) fails in words', () => {
    const state = inferenceServiceState(
      isvc({
        conditions: [
          { type: 'PredictorReady', status: 'Unknown' },
          { type: 'Ready', status: 'Unknown' }
        ],
        modelStatus: {
          transitionStatus: 'InvalidSpec',
          states: { activeModelState: '', targetModelState: 'FailedToLoad' },
          lastFailureInfo: {
            reason: 'NoSupportingRuntime',
            message: 'No runtime found to support specified framework/version'
          }
        }
      }),
      false
    );
    assert.equal(state.status, 'failed');
    assert.match(
      state.reason ?? '',
      /^no ServingRuntime supports model format sklearn: No runtime found to support specified framework\/version/
    );
  });

  test('a named runtime that does not exist, or is disabled', () => {
    const unknown = inferenceServiceState(
      isvc(
        {
          modelStatus: {
            transitionStatus: 'InvalidSpec',
            lastFailureInfo: {
              reason: 'RuntimeNotRecognized',
              message: 'Waiting for runtime to become available'
            }
          }
        },
        { runtime: 'xgb-rt' }
      ),
      false
    );
    assert.deepEqual(unknown, {
      status: 'failed',
      reason:
        'KServe does not know the ServingRuntime "xgb-rt": Waiting for runtime to become available',
      url: null
    });
    const disabled = inferenceServiceState(
      isvc(
        {
          modelStatus: {
            transitionStatus: 'InvalidSpec',
            lastFailureInfo: { reason: 'RuntimeDisabled' }
          }
        },
        { runtime: 'old' }
      ),
      false
    );
    assert.equal(disabled.reason, 'the ServingRuntime "old" is disabled');
  });

  test('a model that fails to load: the exit code, the pod and the message', () => {
    const state = inferenceServiceState(
      isvc({
        conditions: [{ type: 'Ready', status: 'False' }],
        modelStatus: {
          transitionStatus: 'BlockedByFailedLoad',
          states: {
            activeModelState: 'Pending',
            targetModelState: 'FailedToLoad'
          },
          lastFailureInfo: {
            reason: 'ModelLoadFailed',
            location: 'churn-predictor-7d9c-x2',
            exitCode: 1,
            message: "ModuleNotFoundError: No module named 'xgboost'"
          }
        }
      }),
      false
    );
    assert.deepEqual(state, {
      status: 'failed',
      reason:
        "the model failed to load (exit code 1) in churn-predictor-7d9c-x2: ModuleNotFoundError: No module named 'xgboost'",
      url: null
    });
  });

  test('a failed canary is failed even while the previous version serves', () => {
    const state = inferenceServiceState(
      isvc({
        url: URL_,
        conditions: READY,
        modelStatus: {
          transitionStatus: 'BlockedByFailedLoad',
          states: {
            activeModelState: 'Loaded',
            targetModelState: 'FailedToLoad'
          },
          lastFailureInfo: { reason: 'ModelLoadFailed', message: 'bad pickle' }
        }
      }),
      true
    );
    assert.equal(state.status, 'failed');
    assert.equal(state.reason, 'the model failed to load: bad pickle');
    assert.equal(state.url, URL_);
  });

  test('a False condition explains the wait; after having been ready it is unready', () => {
    const conditions: ICondition[] = [
      { type: 'IngressReady', status: 'True' },
      {
        type: 'PredictorReady',
        status: 'False',
        reason: 'MinimumReplicasUnavailable',
        message: 'Deployment does not have minimum availability.'
      },
      { type: 'Ready', status: 'False' }
    ];
    const fresh = inferenceServiceState(isvc({ conditions }), false);
    assert.deepEqual(fresh, {
      status: 'deploying',
      reason:
        'PredictorReady is False (MinimumReplicasUnavailable: Deployment does not have minimum availability.)',
      url: null
    });
    assert.equal(
      inferenceServiceState(isvc({ conditions }), true).status,
      'unready'
    );
  });

  test('a condition that will not pass by waiting (progress deadline, missing image) fails', () => {
    const state = inferenceServiceState(
      isvc({
        conditions: [
          {
            type: 'PredictorReady',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message:
              'ReplicaSet "churn-predictor-5f" has timed out progressing.'
          },
          { type: 'Ready', status: 'False' }
        ]
      }),
      false
    );
    assert.equal(state.status, 'failed');
    assert.match(state.reason ?? '', /ProgressDeadlineExceeded: ReplicaSet/);
  });
});

describe('the Service test requests go to', () => {
  test('before KServe reports an address: <name>-predictor on port 80', () => {
    assert.deepEqual(predictorService('churn', 'ml', undefined), {
      service: 'churn-predictor',
      port: 80
    });
  });

  test("RawDeployment: the predictor's cluster-local address", () => {
    assert.deepEqual(
      predictorService(
        'churn',
        'ml',
        isvc({
          deploymentMode: 'RawDeployment',
          address: { url: 'http://churn-predictor.ml.svc.cluster.local' },
          components: {
            predictor: {
              address: {
                url: 'http://churn-predictor.ml.svc.cluster.local:8080'
              }
            }
          }
        })
      ),
      { service: 'churn-predictor', port: 8080 }
    );
  });

  test('an address in another namespace or outside the cluster is not used', () => {
    assert.deepEqual(
      predictorService(
        'churn',
        'ml',
        isvc({ address: { url: 'http://churn.other.svc.cluster.local' } })
      ),
      { service: 'churn-predictor', port: 80 }
    );
  });

  test("Serverless: the latest ready revision's private Service", () => {
    assert.deepEqual(
      predictorService(
        'churn',
        'ml',
        isvc({
          deploymentMode: 'Serverless',
          components: {
            predictor: {
              latestReadyRevision: 'churn-predictor-00002',
              address: { url: 'http://churn-predictor.ml.svc.cluster.local' }
            }
          }
        })
      ),
      { service: 'churn-predictor-00002-private', port: 80 }
    );
  });
});
