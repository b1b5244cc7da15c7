import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  AppsV1Api,
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions
} from '@kubernetes/client-node';

import type {
  IDeployment,
  IErrorBody,
  IRunRecord
} from '../../contract/wire.js';
import { resolvePython } from '../../pipelines/pythonExecutable.js';
import {
  type JsonCall,
  jsonCaller,
  trainedRun as trainedRunOf
} from '../../testing/apiCalls.js';
import {
  clusterSkip,
  TEST_KUBECONFIG,
  TestNamespace
} from '../../testing/testCluster.js';
import { startTestServer, type ITestServer } from '../../testing/testServer.js';
import { TEST_ROWS } from '../../testing/trainingNotebook.js';
import { DEPLOYMENT_LABEL } from './deploymentInput.js';
import { KSERVE, KServeCrd } from './kubernetesDeploy.fixture.js';

const skip = clusterSkip();

/**
 * The REST path to the kubernetes target on the test control plane: a run
 * (here, local) trains the model, then POST /api/deployments with target
 * kubernetes. Without KServe, our model server in a Deployment; kwok's pod
 * becomes Ready but runs nothing, so its test requests cannot be answered.
 */
describe('deployments to Kubernetes through the REST API', { skip }, () => {
  let ns: TestNamespace;
  let api: ITestServer;
  let run: IRunRecord;
  const call: JsonCall = (method, path, body) =>
    jsonCaller(api)(method, path, body);
  const trainedRun = () => trainedRunOf(call);
  const waitFor = async (
    name: string,
    status: string
  ): Promise<IDeployment> => {
    const deadline = Date.now() + 60_000;
    let now = (await call<IDeployment>('GET', `/api/deployments/${name}`)).body;
    while (now.status !== status && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 250));
      now = (await call<IDeployment>('GET', `/api/deployments/${name}`)).body;
    }
    assert.equal(now.status, status, JSON.stringify(now));
    return now;
  };

  before(async () => {
    ns = await TestNamespace.create('rest-deploy');
    // The KServe tests install a stand-in CRD for a while (test files run one
    // at a time: --test-concurrency=1); here it must be absent until this
    // file installs it.
    assert.equal(await new KServeCrd(ns.kc).served(), false);
    api = await startTestServer({
      home: mkdtempSync(join(tmpdir(), 'cellpipe-k8s-deploy-home-')),
      python: resolvePython(),
      kubernetes: { kubeconfig: TEST_KUBECONFIG, namespace: ns.name }
    });
    run = await trainedRun();
  });
  after(async () => {
    await api?.server.stop();
    await ns?.delete();
  });

  test('deploying → ready when kwok reports the pod ready; the run is kept while deployed; undeploy removes the objects', async () => {
    const { status, body } = await call<IDeployment>(
      'POST',
      '/api/deployments',
      {
        runId: run.id,
        step: 'train',
        artifact: 'model',
        name: 'churn-rest',
        target: 'kubernetes',
        minReplicas: 1,
        maxReplicas: 2
      }
    );
    assert.equal(status, 201, JSON.stringify(body));
    assert.equal(body.kind, 'deployment');
    assert.equal(body.namespace, ns.name);
    assert.equal(body.url, `http://churn-rest.${ns.name}.svc.cluster.local`);
    assert.deepEqual([body.minReplicas, body.maxReplicas], [1, 2]);
    // Trained by a local run: said, since the cluster reads models from its claim.
    assert.match(
      body.warnings.join('\n'),
      /ran local: the cluster finds its model/
    );
    const now = await waitFor('churn-rest', 'ready');
    assert.ok(now.readyAt);
    const apps = ns.kc.makeApiClient(AppsV1Api);
    const listed = await apps.listNamespacedDeployment({
      namespace: ns.name,
      labelSelector: `${DEPLOYMENT_LABEL}=churn-rest`
    });
    assert.equal(listed.items.length, 1);

    const keep = await call<IErrorBody>('DELETE', `/api/runs/${run.id}`);
    assert.equal(keep.status, 409);
    assert.match(
      keep.body.error.message,
      /served by churn-rest.*undeploy first/
    );

    // kwok's pod has no process behind it, so no model answers: the API
    // server's proxy refuses (502 in words), or, where the network itself
    // denies kwok's made-up pod address (this sandbox), that refusal comes
    // back as the answer's status. Never a prediction.
    const predict = await call<IErrorBody & { status?: number }>(
      'POST',
      '/api/deployments/churn-rest/predict',
      { instances: TEST_ROWS }
    );
    if (predict.status === 502) {
      assert.equal(predict.body.error.kind, 'endpoint_unreachable');
    } else {
      assert.equal(predict.status, 200);
      assert.ok(predict.body.status! >= 400, JSON.stringify(predict.body));
    }

    const canary = await call<IErrorBody>('POST', '/api/deployments', {
      runId: run.id,
      step: 'train',
      artifact: 'model',
      name: 'churn-rest',
      target: 'kubernetes',
      canaryTrafficPercent: 10
    });
    assert.equal(canary.status, 400);
    assert.match(canary.body.error.message, /KServe/);
    const still = await call<IDeployment>('GET', '/api/deployments/churn-rest');
    assert.equal(still.body.status, 'ready');
    assert.equal(still.body.stable, null);

    assert.equal(
      (await call('DELETE', '/api/deployments/churn-rest')).status,
      204
    );
    const gone = await apps.listNamespacedDeployment({
      namespace: ns.name,
      labelSelector: `${DEPLOYMENT_LABEL}=churn-rest`
    });
    assert.equal(
      gone.items.filter(d => !d.metadata?.deletionTimestamp).length,
      0
    );
    assert.equal((await call('DELETE', `/api/runs/${run.id}`)).status, 204);
  });

  describe('with KServe (the stand-in CRD; the test writes the status KServe would)', () => {
    let crd: KServeCrd;
    before(async () => {
      crd = new KServeCrd(ns.kc);
      await crd.install();
    });
    after(() => crd?.remove());

    test('a canary rollout through REST: the new model takes its share, the record keeps the stable model’s lineage, both runs are kept', async () => {
      const first = await trainedRun();
      const second = await trainedRun();
      const custom = ns.kc.makeApiClient(CustomObjectsApi);
      const deployed = await call<IDeployment>('POST', '/api/deployments', {
        runId: first.id,
        step: 'train',
        artifact: 'model',
        name: 'iris-rest',
        target: 'kubernetes'
      });
      assert.equal(deployed.status, 201, JSON.stringify(deployed.body));
      assert.equal(deployed.body.kind, 'inference-service');
      assert.equal(deployed.body.modelFormat, 'sklearn');
      await custom.patchNamespacedCustomObjectStatus(
        {
          ...KSERVE,
          namespace: ns.name,
          name: 'iris-rest',
          body: {
            status: {
              url: 'http://iris-rest.example.com',
              conditions: [{ type: 'Ready', status: 'True' }],
              modelStatus: { states: { activeModelState: 'Loaded' } }
            }
          }
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch)
      );
      assert.equal(
        (await waitFor('iris-rest', 'ready')).url,
        'http://iris-rest.example.com'
      );

      const canary = await call<IDeployment>('POST', '/api/deployments', {
        runId: second.id,
        step: 'train',
        artifact: 'model',
        name: 'iris-rest',
        target: 'kubernetes',
        canaryTrafficPercent: 10
      });
      assert.equal(canary.status, 201, JSON.stringify(canary.body));
      assert.equal(canary.body.runId, second.id);
      assert.equal(canary.body.canaryTrafficPercent, 10);
      assert.deepEqual(canary.body.stable, {
        runId: first.id,
        step: 'train',
        artifact: 'model'
      });
      const isvc = (await custom.getNamespacedCustomObject({
        ...KSERVE,
        namespace: ns.name,
        name: 'iris-rest'
      })) as {
        spec: {
          predictor: {
            canaryTrafficPercent?: number;
            model: { storageUri: string };
          };
        };
      };
      assert.equal(isvc.spec.predictor.canaryTrafficPercent, 10);
      assert.match(
        isvc.spec.predictor.model.storageUri,
        new RegExp(`/${second.id}/train$`)
      );
      for (const run of [first, second]) {
        const kept = await call<IErrorBody>('DELETE', `/api/runs/${run.id}`);
        assert.equal(kept.status, 409, run.id);
      }
      assert.equal(
        (await call('DELETE', '/api/deployments/iris-rest')).status,
        204
      );
      assert.equal((await call('DELETE', `/api/runs/${first.id}`)).status, 204);
    });
  });
});
