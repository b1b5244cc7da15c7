import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  buildModelServerDeployment,
  type IModelServerObjects,
  type ModelServerInput
} from './modelServerSpec.js';

const RUN = 'r-20261129-013502-3fa9c1';
const INPUT: ModelServerInput = {
  name: 'churn',
  namespace: 'ml',
  runId: RUN,
  step: 'train',
  artifactName: 'model',
  artifactFile: 'model.joblib',
  image: 'registry.example.com/ml:1.4',
  serverFiles: {
    'model_server.py': '# server\n',
    'model_protocols.py': '# protocols\n'
  }
};

function built(input: ModelServerInput): IModelServerObjects {
  const result = buildModelServerDeployment(input);
  if (!result.ok) {
    assert.fail(JSON.stringify(result.errors));
  }
  return result.value;
}

const LABELS = {
  'app.kubernetes.io/managed-by': 'cellpipe',
  'cellpipe.io/deployment': 'churn',
  'cellpipe.io/run': RUN,
  'cellpipe.io/step': 'train'
};

describe('model server specs', () => {
  test('the ConfigMap carries the server code under the file names it imports', () => {
    const { configMap } = built(INPUT);
    assert.equal(configMap.metadata?.name, 'churn-model-server');
    assert.deepEqual(configMap.metadata?.labels, LABELS);
    assert.deepEqual(configMap.data, INPUT.serverFiles);
  });

  test("the Deployment's selector matches its pods' labels and only the deployment's", () => {
    const { deployment } = built({ ...INPUT, labels: { team: 'risk' } });
    const spec = deployment.spec!;
    assert.deepEqual(spec.selector.matchLabels, {
      'cellpipe.io/deployment': 'churn'
    });
    const podLabels = spec.template.metadata?.labels ?? {};
    for (const [key, value] of Object.entries(spec.selector.matchLabels)) {
      assert.equal(podLabels[key], value);
    }
    assert.deepEqual(podLabels, { team: 'risk', ...LABELS });
    assert.deepEqual(deployment.metadata?.annotations, {
      'cellpipe.io/artifact': 'model'
    });
  });

  test('replicas: minReplicas, else one; never zero (nothing would wake it)', () => {
    assert.equal(built(INPUT).deployment.spec?.replicas, 1);
    assert.equal(
      built({ ...INPUT, minReplicas: 3 }).deployment.spec?.replicas,
      3
    );
    assert.equal(
      built({ ...INPUT, minReplicas: 0 }).deployment.spec?.replicas,
      1
    );
  });

  test('the container runs model_server.py on port 8080 for the model folder', () => {
    const pod = built(INPUT).deployment.spec!.template.spec!;
    const [c] = pod.containers;
    assert.equal(c.name, 'model');
    assert.equal(c.image, 'registry.example.com/ml:1.4');
    assert.deepEqual(c.command, [
      'python3',
      '/cellpipe/server/model_server.py',
      '--model-dir',
      '/cellpipe/model',
      '--name',
      'churn',
      '--port',
      '8080',
      '--host',
      '0.0.0.0'
    ]);
    assert.deepEqual(c.ports, [
      { name: 'http', containerPort: 8080, protocol: 'TCP' }
    ]);
    assert.equal(pod.automountServiceAccountToken, false);
  });

  test('probes: ready and live on 8080; a slow model load gets a startup probe', () => {
    const [c] = built(INPUT).deployment.spec!.template.spec!.containers;
    assert.deepEqual(c.readinessProbe?.httpGet, {
      path: '/v2/health/ready',
      port: 8080
    });
    assert.deepEqual(c.livenessProbe?.httpGet, {
      path: '/v2/health/live',
      port: 8080
    });
    assert.deepEqual(c.startupProbe?.httpGet, {
      path: '/v2/health/live',
      port: 8080
    });
    const startup = c.startupProbe;
    assert.equal(startup.periodSeconds! * startup.failureThreshold!, 300);
  });

  test('the model folder holds exactly the sidecar and its data file, read-only from the claim', () => {
    const pod = built({ ...INPUT, artifactsClaim: 'models' }).deployment.spec!
      .template.spec!;
    assert.deepEqual(pod.containers[0].volumeMounts, [
      { name: 'server', mountPath: '/cellpipe/server', readOnly: true },
      {
        name: 'artifacts',
        mountPath: '/cellpipe/model/model.json',
        subPath: `${RUN}/train/model.json`,
        readOnly: true
      },
      {
        name: 'artifacts',
        mountPath: '/cellpipe/model/model.joblib',
        subPath: `${RUN}/train/model.joblib`,
        readOnly: true
      }
    ]);
    assert.deepEqual(pod.volumes, [
      { name: 'server', configMap: { name: 'churn-model-server' } },
      {
        name: 'artifacts',
        persistentVolumeClaim: { claimName: 'models', readOnly: true }
      }
    ]);
  });

  test('defaults: the cellpipe-artifacts claim and the step image', () => {
    const { image, ...rest } = INPUT;
    assert.equal(image, 'registry.example.com/ml:1.4');
    const pod = built(rest).deployment.spec!.template.spec!;
    assert.equal(pod.containers[0].image, 'python:3.11-slim');
    assert.equal(
      pod.volumes?.[1].persistentVolumeClaim?.claimName,
      'cellpipe-artifacts'
    );
  });

  test('resources as a step has them, GPUs included', () => {
    const [c] = built({
      ...INPUT,
      resources: { cpu: '500m', memory_limit: 1, gpu: 1 }
    }).deployment.spec!.template.spec!.containers;
    assert.deepEqual(c.resources, {
      requests: { cpu: '500m' },
      limits: { memory: '1G', 'nvidia.com/gpu': '1' }
    });
    const [bare] = built(INPUT).deployment.spec!.template.spec!.containers;
    assert.equal(bare.resources, undefined);
  });

  test('a ClusterIP Service: port 80 named http to the pods’ 8080', () => {
    const { service, deployment } = built(INPUT);
    assert.equal(service.metadata?.name, 'churn');
    assert.deepEqual(service.metadata?.labels, LABELS);
    assert.equal(service.spec?.type, 'ClusterIP');
    assert.deepEqual(
      service.spec?.selector,
      deployment.spec?.selector.matchLabels
    );
    assert.deepEqual(service.spec?.ports, [
      { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }
    ]);
  });

  test('with the ConfigMap uid, the ConfigMap owns the Deployment and Service', () => {
    const plain = built(INPUT);
    assert.equal(plain.deployment.metadata?.ownerReferences, undefined);
    const owned = built({ ...INPUT, configMapUid: 'uid-1' });
    const owner = [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        name: 'churn-model-server',
        uid: 'uid-1'
      }
    ];
    assert.deepEqual(owned.deployment.metadata?.ownerReferences, owner);
    assert.deepEqual(owned.service.metadata?.ownerReferences, owner);
    assert.equal(owned.configMap.metadata?.ownerReferences, undefined);
  });

  test('invalid inputs give every error, by field', () => {
    const result = buildModelServerDeployment({
      ...INPUT,
      name: '-x-',
      artifactFile: '../etc/passwd',
      step: 'a/b',
      minReplicas: 2,
      maxReplicas: 1,
      serverFiles: { 'model_server.py': '' }
    } as unknown as ModelServerInput);
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.errors.map(e => e.field), [
      'name',
      'step',
      'artifactFile',
      'serverFiles.model_server.py',
      'serverFiles.model_protocols.py',
      'minReplicas'
    ]);
  });
});
