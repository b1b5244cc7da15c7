import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  AVAILABLE,
  deployment,
  pod,
  UNAVAILABLE,
  URL_
} from './modelServerStatus.fixture.js';
import { modelServerState } from './modelServerStatus.js';

/*
 * The Deployment's own conditions in words: available, a quota that
 * refuses its pods, a progress deadline that passed.
 */

describe('model server Deployment status in words', () => {
  test('ready: Available with a ready replica, and the url', () => {
    assert.deepEqual(
      modelServerState(deployment(AVAILABLE, 1), [], false, URL_),
      {
        status: 'ready',
        reason: null,
        url: URL_
      }
    );
  });

  test('Available without a ready replica is not ready (maxUnavailable rounds down to 0 only for 1 replica)', () => {
    assert.equal(
      modelServerState(deployment(AVAILABLE, 0), [], false, URL_).status,
      'deploying'
    );
  });

  test('pods the ReplicaSet cannot create (quota) fail with the message', () => {
    const state = modelServerState(
      deployment([
        ...UNAVAILABLE,
        {
          type: 'ReplicaFailure',
          status: 'True',
          reason: 'FailedCreate',
          message:
            'pods "churn-5f-abc" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2'
        }
      ]),
      [],
      false,
      URL_
    );
    assert.equal(state.status, 'failed');
    assert.match(
      state.reason ?? '',
      /^cannot create the model server's pods: pods "churn-5f-abc" is forbidden: exceeded quota/
    );
  });

  test('the progress deadline passed: failed, with the pod’s trouble when there is one', () => {
    const state = modelServerState(
      deployment(
        [
          ...UNAVAILABLE,
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded'
          }
        ],
        0,
        300
      ),
      [pod('Running', { state: { running: {} } })],
      false,
      URL_
    );
    assert.deepEqual(state, {
      status: 'failed',
      reason: 'no model server became ready within 300 s',
      url: URL_
    });
  });
});
