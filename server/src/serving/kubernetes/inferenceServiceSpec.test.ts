import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  buildInferenceService,
  type IInferenceService,
  type InferenceServiceInput
} from './inferenceServiceSpec.js';

const RUN = 'r-20261129-013502-3fa9c1';
const INPUT: InferenceServiceInput = {
  name: 'churn',
  namespace: 'ml',
  runId: RUN,
  step: 'train',
  artifactName: 'model',
  storageUri: `pvc://cellpipe-artifacts/${RUN}/train`,
  format: { name: 'sklearn' }
};

function built(input: InferenceServiceInput): IInferenceService {
  const result = buildInferenceService(input);
  if (!result.ok) {
    assert.fail(JSON.stringify(result.errors));
  }
  return result.value;
}

function errors(input: unknown) {
  const result = buildInferenceService(input as InferenceServiceInput);
  assert.equal(result.ok, false);
  return result.ok ? [] : result.errors;
}

describe('InferenceService specs', () => {
  test('a v1beta1 InferenceService labelled as Cellpipe, its deployment, run and step', () => {
    const isvc = built({ ...INPUT, labels: { team: 'risk' } });
    assert.equal(isvc.apiVersion, 'serving.kserve.io/v1beta1');
    assert.equal(isvc.kind, 'InferenceService');
    assert.deepEqual(isvc.metadata, {
      name: 'churn',
      namespace: 'ml',
      labels: {
        team: 'risk',
        'app.kubernetes.io/managed-by': 'cellpipe',
        'cellpipe.io/deployment': 'churn',
        'cellpipe.io/run': RUN,
        'cellpipe.io/step': 'train'
      },
      annotations: { 'cellpipe.io/artifact': 'model' }
    });
  });

  test('a Kale step (load_data) is labelled with its Kubernetes name; the artifact path keeps the name', () => {
    const isvc = built({
      ...INPUT,
      step: 'train_model',
      storageUri: `pvc://cellpipe-artifacts/${RUN}/train_model`
    });
    assert.equal(isvc.metadata.labels?.['cellpipe.io/step'], 'train-model');
    assert.deepEqual(
      errors({ ...INPUT, step: 'Train Model' }).map(e => e.field),
      ['step']
    );
  });

  test("a caller's labels cannot replace Cellpipe's", () => {
    const isvc = built({
      ...INPUT,
      labels: { 'app.kubernetes.io/managed-by': 'me', 'cellpipe.io/run': 'x' }
    });
    assert.equal(
      isvc.metadata.labels?.['app.kubernetes.io/managed-by'],
      'cellpipe'
    );
    assert.equal(isvc.metadata.labels?.['cellpipe.io/run'], RUN);
  });

  test('the model: format, storage URI, and nothing KServe should default', () => {
    assert.deepEqual(built(INPUT).spec, {
      predictor: {
        model: {
          modelFormat: { name: 'sklearn' },
          storageUri: `pvc://cellpipe-artifacts/${RUN}/train`
        }
      }
    });
  });

  test('format version, protocol and runtime are written when given', () => {
    const { model } = built({
      ...INPUT,
      format: { name: 'sklearn', version: '1' },
      protocolVersion: 'v2',
      runtime: 'sklearn-with-xgboost'
    }).spec.predictor;
    assert.deepEqual(model.modelFormat, { name: 'sklearn', version: '1' });
    assert.equal(model.protocolVersion, 'v2');
    assert.equal(model.runtime, 'sklearn-with-xgboost');
  });

  test('replicas go on the predictor; canary traffic only when given', () => {
    const first = built({ ...INPUT, minReplicas: 0, maxReplicas: 3 });
    assert.equal(first.spec.predictor.minReplicas, 0);
    assert.equal(first.spec.predictor.maxReplicas, 3);
    assert.ok(!('canaryTrafficPercent' in first.spec.predictor));
    const second = built({ ...INPUT, canaryTrafficPercent: 10 });
    assert.equal(second.spec.predictor.canaryTrafficPercent, 10);
    assert.equal(
      built({ ...INPUT, canaryTrafficPercent: 0 }).spec.predictor
        .canaryTrafficPercent,
      0
    );
  });

  test('resources as a step has them: requests, limits, memory in GB, GPUs as limits', () => {
    const { model } = built({
      ...INPUT,
      resources: {
        cpu: 0.5,
        memory: 2,
        cpu_limit: '2',
        memory_limit: '4Gi',
        gpu: 1,
        gpu_vendor: 'amd.com/gpu'
      }
    }).spec.predictor;
    assert.deepEqual(model.resources, {
      requests: { cpu: '0.5', memory: '2G' },
      limits: { cpu: '2', memory: '4Gi', 'amd.com/gpu': '1' }
    });
    const nvidia = built({ ...INPUT, resources: { gpu: 2 } }).spec.predictor;
    assert.deepEqual(nvidia.model.resources, {
      limits: { 'nvidia.com/gpu': '2' }
    });
  });

  test('invalid inputs give every error, by field, without throwing', () => {
    const found = errors({
      ...INPUT,
      name: 'Churn_Model',
      minReplicas: 3,
      maxReplicas: 2,
      canaryTrafficPercent: 150,
      resources: { cpu: 'lots' }
    });
    assert.deepEqual(
      found.map(e => e.field),
      ['name', 'resources.cpu', 'canaryTrafficPercent', 'minReplicas']
    );
    assert.match(found[0].message, /lower-case letters, digits and -/);
    assert.match(found[1].message, /Kubernetes quantity/);
    assert.match(found[3].message, /must not be more than maxReplicas/);
  });

  test('names: a letter first, at most 45 characters (KServe appends suffixes)', () => {
    assert.ok(buildInferenceService({ ...INPUT, name: 'a'.repeat(45) }).ok);
    const long = errors({ ...INPUT, name: 'a'.repeat(46) });
    assert.deepEqual(long, [
      { field: 'name', message: 'must be at most 45 characters' }
    ]);
    assert.deepEqual(
      errors({ ...INPUT, name: '1churn' }).map(e => e.field),
      ['name']
    );
  });

  test('replica counts are whole, min ≥ 0, max ≥ 1; unknown fields are refused', () => {
    const found = errors({
      ...INPUT,
      minReplicas: -1,
      maxReplicas: 1.5,
      storageUri: '/mnt/models',
      format: { name: 'tensorflow' },
      replicas: 2
    });
    assert.deepEqual(found.map(e => e.field).sort(), [
      '(input)',
      'format.name',
      'maxReplicas',
      'minReplicas',
      'storageUri'
    ]);
  });
});
