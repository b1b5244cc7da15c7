import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type {
  KubernetesObject,
  V1Deployment,
  V1Pod
} from '@kubernetes/client-node';

import type { IModelInput } from '../../contract/wire.js';
import type { IDeploymentState } from '../DeployTarget.js';
import { DeploymentTracker } from './DeploymentTracker.js';
import type { DeployWatch, InferenceServiceObject } from './DeployWatch.js';
import type { KubeHandle } from './deployCalls.js';

/** A LabelWatch as the tracker sees it, driven by hand. */
class FakeWatch<T extends KubernetesObject> {
  synced = false;
  error: string | null = null;
  errorStatus: number | null = null;
  objects: T[] = [];
  private listeners = new Set<() => void>();

  start(): void {}
  settled(): Promise<void> {
    return Promise.resolve();
  }
  subscribe(_key: string, listener: () => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  items(): T[] {
    return this.objects;
  }
  /** Sets what the informer holds and tells the subscribers. */
  set(objects: T[], synced = true): void {
    this.objects = objects;
    this.synced = synced;
    this.error = null;
    this.listeners.forEach(l => l());
  }
  fail(error: string, status: number | null): void {
    this.synced = false;
    this.error = error;
    this.errorStatus = status;
    this.listeners.forEach(l => l());
  }
}

const HANDLE: KubeHandle = {
  namespace: 'ml',
  object: 'churn',
  service: 'churn-predictor',
  port: 80
};

function setup(
  kind: IDeploymentState['kind'],
  how = { existing: false, wasReady: false },
  inputs: IModelInput[] | null = null
) {
  const watch = {
    inferenceServices: new FakeWatch<InferenceServiceObject>(),
    deployments: new FakeWatch<V1Deployment>(),
    pods: new FakeWatch<V1Pod>()
  };
  const reports: Array<Partial<IDeploymentState>> = [];
  const state: IDeploymentState = {
    kind,
    status: 'deploying',
    reason: 'waiting',
    url: null,
    warnings: ['a note'],
    handle: HANDLE
  };
  const tracker = new DeploymentTracker('churn', state, HANDLE, how, {
    watch: watch as unknown as DeployWatch,
    readInputs: () => Promise.resolve(inputs),
    report: s => reports.push(s)
  });
  void tracker.start();
  return { watch, reports, tracker };
}

function isvc(
  status: InferenceServiceObject['status']
): InferenceServiceObject {
  return {
    metadata: { name: 'churn', labels: { 'cellpipe.io/deployment': 'churn' } },
    status
  };
}

const READY = {
  url: 'http://churn.ml.example.com',
  address: { url: 'http://churn-predictor.ml.svc.cluster.local' },
  conditions: [{ type: 'Ready', status: 'True' }]
};

describe('following one deployment through the watches', () => {
  test('a new object not yet delivered is waited for; changes are reported once each', async () => {
    const { watch, reports } = setup('inference-service', undefined, [
      { name: 'input-0', datatype: 'FP64', shape: [-1, 4] }
    ]);
    watch.inferenceServices.set([]);
    assert.equal(reports.length, 0, 'not seen yet: nothing to say');
    watch.inferenceServices.set([isvc(undefined)]);
    watch.inferenceServices.set([isvc(undefined)]);
    assert.equal(reports.length, 1);
    assert.match(reports[0].reason ?? '', /waiting for KServe/);
    assert.deepEqual(reports[0].warnings, ['a note']);
    watch.inferenceServices.set([isvc(READY)]);
    assert.deepEqual(reports[1], {
      status: 'ready',
      reason: null,
      url: READY.url,
      warnings: ['a note']
    });
    await new Promise(r => setImmediate(r));
    assert.deepEqual(reports[2], {
      inputs: [{ name: 'input-0', datatype: 'FP64', shape: [-1, 4] }]
    });
  });

  test('an InferenceService deleted behind our back is failed', () => {
    const { watch, reports } = setup('inference-service');
    watch.inferenceServices.set([isvc(READY)]);
    watch.inferenceServices.set([]);
    assert.deepEqual(reports.at(-1), {
      status: 'failed',
      reason: 'the InferenceService churn was deleted (not by Cellpipe)',
      url: READY.url,
      warnings: ['a note']
    });
  });

  test('resumed: an object missing from the first list no longer exists', () => {
    const { watch, reports } = setup('deployment', {
      existing: true,
      wasReady: true
    });
    watch.pods.set([]);
    assert.equal(reports.length, 0, 'waits for both watches');
    watch.deployments.set([]);
    assert.equal(
      reports.at(-1)?.reason,
      'the Deployment churn no longer exists in namespace ml'
    );
  });

  test('a lost watch is a warning that goes again; a refused one (403) is failed', () => {
    const { watch, reports } = setup('deployment');
    const deployment: V1Deployment = {
      metadata: {
        name: 'churn',
        labels: { 'cellpipe.io/deployment': 'churn' }
      },
      spec: { replicas: 1, selector: {}, template: {} },
      status: {
        readyReplicas: 1,
        conditions: [{ type: 'Available', status: 'True' }]
      }
    };
    watch.pods.set([]);
    watch.deployments.set([deployment]);
    assert.equal(reports.at(-1)?.status, 'ready');
    watch.deployments.fail(
      'the Kubernetes API server refused the connection',
      null
    );
    assert.deepEqual(reports.at(-1)?.warnings, [
      'a note',
      'the cluster cannot be watched right now: the Kubernetes API server refused the connection'
    ]);
    assert.equal(reports.at(-1)?.status, 'ready', 'it may well still serve');
    watch.deployments.set([deployment]);
    assert.deepEqual(reports.at(-1)?.warnings, ['a note']);
    watch.pods.fail(
      'not allowed: pods is forbidden: User "u" cannot list resource "pods"',
      403
    );
    assert.deepEqual(reports.at(-1), {
      status: 'failed',
      reason:
        'cannot follow the deployment: not allowed: pods is forbidden: User "u" cannot list resource "pods"',
      url: null,
      warnings: ['a note']
    });
  });

  test('KServe removed from the cluster (the list answers 404) is failed', () => {
    const { watch, reports } = setup('inference-service', {
      existing: true,
      wasReady: true
    });
    watch.inferenceServices.fail(
      'not found: the server could not find the requested resource',
      404
    );
    assert.equal(reports.at(-1)?.status, 'failed');
    assert.match(
      reports.at(-1)?.reason ?? '',
      /no longer serves InferenceServices/
    );
  });

  test("KServe's address moves the Service test requests go to, and the handle is reported", () => {
    const { watch, reports, tracker } = setup('inference-service');
    watch.inferenceServices.set([
      isvc({
        ...READY,
        address: { url: 'http://churn-svc.ml.svc.cluster.local:8080' }
      })
    ]);
    assert.deepEqual(reports[0], {
      handle: { ...HANDLE, service: 'churn-svc', port: 8080 }
    });
    assert.equal(tracker.handle.service, 'churn-svc');
  });

  test('stopped: no more reports', () => {
    const { watch, reports, tracker } = setup('inference-service');
    tracker.stop();
    watch.inferenceServices.set([isvc(READY)]);
    assert.deepEqual(reports, []);
  });
});
