import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  AppsV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions
} from '@kubernetes/client-node';
import { pino } from 'pino';

import {
  ARTIFACTS_CLAIM,
  clusterSkip,
  TEST_KUBECONFIG,
  TestNamespace,
  USER_KUBECONFIG
} from '../../testing/testCluster.js';
import {
  MODEL_SERVER_SCRIPT,
  prepareTestModel,
  type ITestModel
} from '../../testing/testModel.js';
import type {
  DeployOptions,
  IDeploymentState,
  IDeploySource
} from '../DeployTarget.js';
import { DEPLOY_PERMISSIONS } from './deployPermissions.js';
import {
  deployerRole,
  gone,
  KSERVE,
  KServeCrd,
  modelArtifact,
  recordOf,
  Reports
} from './kubernetesDeploy.fixture.js';
import { KubernetesDeployTarget } from './KubernetesDeployTarget.js';

const skip = clusterSkip();
const RUN = 'r-20261201-101500-aa11bb';
const RUN2 = 'r-20261202-101500-cc22dd';
const logger = pino({ level: 'silent' });

function target(namespace: string, kubeconfig = TEST_KUBECONFIG) {
  return new KubernetesDeployTarget({
    options: { kubeconfig, namespace, artifactsClaim: ARTIFACTS_CLAIM },
    logger
  });
}

async function deploy(
  t: KubernetesDeployTarget,
  reports: Reports,
  name: string,
  source: IDeploySource,
  options: DeployOptions = {}
): Promise<IDeploymentState> {
  const state = await t.deploy(name, source, options, reports.report);
  reports.record(name, state);
  return state;
}

describe('Kubernetes deploy target on the test control plane', { skip }, () => {
  let ns: TestNamespace;
  let crd: KServeCrd;
  let apps: AppsV1Api;
  let custom: CustomObjectsApi;
  let model: ITestModel;
  let dir: string;
  let source: IDeploySource;
  const targets: KubernetesDeployTarget[] = [];
  const made = (t: KubernetesDeployTarget) => (targets.push(t), t);

  before(async () => {
    ns = await TestNamespace.create('deploy');
    crd = new KServeCrd(ns.kc);
    apps = ns.kc.makeApiClient(AppsV1Api);
    custom = ns.kc.makeApiClient(CustomObjectsApi);
    await crd.remove(); // a run that crashed may have left it
    dir = mkdtempSync(join(tmpdir(), 'cellpipe-deploy-'));
    model = await prepareTestModel(dir);
    const artifact = modelArtifact(join(model.modelDir, 'model.joblib'));
    source = {
      runId: RUN,
      step: 'train',
      artifact,
      stepArtifacts: [artifact],
      stepImage: 'registry.example/ml:1'
    };
  });

  after(async () => {
    await Promise.all(targets.map(t => t.stop()));
    await crd?.remove();
    await ns?.delete();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('without KServe: our model server in a Deployment', () => {
    test('ConfigMap, Deployment and Service with labels and owner; ready once kwok reports the pod ready; undeploy removes all three', async () => {
      const t = made(target(ns.name));
      const reports = new Reports();
      const state = await deploy(t, reports, 'churn', source, {
        resources: { cpu: '250m', memory: '1Gi' }
      });
      assert.equal(state.kind, 'deployment');
      assert.equal(state.status, 'deploying');
      assert.equal(state.namespace, ns.name);
      assert.equal(state.url, `http://churn.${ns.name}.svc.cluster.local`);
      assert.deepEqual(state.warnings, []);
      assert.deepEqual(state.handle, {
        namespace: ns.name,
        object: 'churn',
        service: 'churn',
        port: 80
      });

      const namespace = ns.name;
      const cm = await ns.core.readNamespacedConfigMap({
        name: 'churn-model-server',
        namespace
      });
      const deployment = await apps.readNamespacedDeployment({
        name: 'churn',
        namespace
      });
      const service = await ns.core.readNamespacedService({
        name: 'churn',
        namespace
      });
      const labels = {
        'app.kubernetes.io/managed-by': 'cellpipe',
        'cellpipe.io/deployment': 'churn',
        'cellpipe.io/run': RUN,
        'cellpipe.io/step': 'train'
      };
      assert.deepEqual(cm.metadata?.labels, labels);
      assert.deepEqual(Object.keys(cm.data ?? {}).sort(), [
        'model_protocols.py',
        'model_server.py'
      ]);
      assert.equal(
        cm.data?.['model_server.py'],
        readFileSync(MODEL_SERVER_SCRIPT, 'utf8')
      );
      for (const owned of [deployment, service]) {
        assert.deepEqual(owned.metadata?.labels, labels);
        assert.deepEqual(
          owned.metadata?.ownerReferences?.map(o => [o.kind, o.name, o.uid]),
          [['ConfigMap', 'churn-model-server', cm.metadata?.uid]]
        );
      }
      const container = deployment.spec?.template.spec?.containers[0];
      assert.equal(container?.image, 'registry.example/ml:1');
      assert.deepEqual(JSON.parse(JSON.stringify(container?.resources)), {
        requests: { cpu: '250m', memory: '1Gi' }
      });

      const ready = await reports.until('churn', s => s.status === 'ready');
      assert.equal(ready.reason, null);
      assert.equal(ready.url, `http://churn.${ns.name}.svc.cluster.local`);

      await t.undeploy(recordOf('churn', source, reports.states.get('churn')!));
      assert.ok(
        await gone(() =>
          ns.core.readNamespacedConfigMap({
            name: 'churn-model-server',
            namespace
          })
        )
      );
      assert.ok(
        await gone(() =>
          apps.readNamespacedDeployment({ name: 'churn', namespace })
        )
      );
      assert.ok(
        await gone(() =>
          ns.core.readNamespacedService({ name: 'churn', namespace })
        )
      );
      // Undeploying again (a CLI did it already) is fine.
      await t.undeploy(recordOf('churn', source, reports.states.get('churn')!));
    });

    test('a name already taken is a conflict and leaves nothing behind; a canary is refused', async () => {
      const t = made(target(ns.name));
      const reports = new Reports();
      await deploy(t, reports, 'taken', source);
      await assert.rejects(
        t.deploy('taken', source, {}, reports.report),
        /a ConfigMap named "taken-model-server" already exists/
      );
      await assert.rejects(
        t.deploy('other', source, { canaryTrafficPercent: 10 }, reports.report),
        /canaryTrafficPercent needs KServe/
      );
      assert.ok(
        await gone(() =>
          ns.core.readNamespacedConfigMap({
            name: 'other-model-server',
            namespace: ns.name
          })
        )
      );
      await t.undeploy(recordOf('taken', source, reports.states.get('taken')!));
    });

    test('resume: a restarted server reports on a recorded deployment, and says when its objects are gone', async () => {
      const first = made(target(ns.name));
      const reports = new Reports();
      await deploy(first, reports, 'again', source);
      await reports.until('again', s => s.status === 'ready');
      await first.stop();

      const second = made(target(ns.name));
      const later = new Reports();
      const record = recordOf('again', source, reports.states.get('again')!);
      await second.resume(record, later.report);
      // Removed behind its back: the Deployment goes, the watch sees it.
      await apps.deleteNamespacedDeployment({
        name: 'again',
        namespace: ns.name
      });
      const deleted = await later.until('again', s => s.status === 'failed');
      assert.equal(
        deleted.reason,
        'the Deployment again was deleted (not by Cellpipe)'
      );

      const third = made(target(ns.name));
      const last = new Reports();
      await third.resume(record, last.report);
      const missing = await last.until('again', s => s.status === 'failed');
      assert.equal(
        missing.reason,
        `the Deployment again no longer exists in namespace ${ns.name}`
      );
      await third.undeploy(record);
    });
  });

  describe('with KServe (a stand-in CRD; no KServe controller: the test writes its status)', () => {
    before(() => crd.install());

    const status = async (name: string, body: unknown): Promise<void> => {
      await custom.patchNamespacedCustomObjectStatus(
        { ...KSERVE, namespace: ns.name, name, body },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch)
      );
    };
    const read = async (name: string) =>
      (await custom.getNamespacedCustomObject({
        ...KSERVE,
        namespace: ns.name,
        name
      })) as {
        metadata: {
          labels: Record<string, string>;
          annotations: Record<string, string>;
        };
        spec: { predictor: Record<string, unknown> };
      };

    test('an InferenceService with the model’s format, storage on the claim, replicas, resources and labels; ready on Ready=True and Loaded', async () => {
      const t = made(target(ns.name));
      const reports = new Reports();
      const state = await deploy(t, reports, 'iris', source, {
        minReplicas: 1,
        maxReplicas: 2,
        resources: { cpu: '1', memory_limit: '2Gi' }
      });
      assert.equal(state.kind, 'inference-service');
      assert.equal(state.status, 'deploying');
      assert.equal(state.modelFormat, 'sklearn');
      assert.equal(state.namespace, ns.name);
      assert.deepEqual(state.handle, {
        namespace: ns.name,
        object: 'iris',
        service: 'iris-predictor',
        port: 80
      });
      const isvc = await read('iris');
      assert.deepEqual(isvc.spec.predictor, {
        minReplicas: 1,
        maxReplicas: 2,
        model: {
          modelFormat: { name: 'sklearn' },
          storageUri: `pvc://${ARTIFACTS_CLAIM}/${RUN}/train`,
          resources: { requests: { cpu: '1' }, limits: { memory: '2Gi' } }
        }
      });
      assert.deepEqual(isvc.metadata.labels, {
        'app.kubernetes.io/managed-by': 'cellpipe',
        'cellpipe.io/deployment': 'iris',
        'cellpipe.io/run': RUN,
        'cellpipe.io/step': 'train'
      });
      const waiting = await reports.until('iris', s =>
        /waiting for KServe/.test(s.reason ?? '')
      );
      assert.equal(waiting.status, 'deploying');

      const url = `http://iris-${ns.name}.example.com`;
      await status('iris', {
        status: {
          url,
          address: {
            url: `http://iris-predictor.${ns.name}.svc.cluster.local`
          },
          conditions: [
            { type: 'IngressReady', status: 'True' },
            { type: 'PredictorReady', status: 'True' },
            { type: 'Ready', status: 'True' }
          ],
          modelStatus: {
            transitionStatus: 'UpToDate',
            states: { activeModelState: 'Loaded', targetModelState: 'Loaded' }
          }
        }
      });
      const ready = await reports.until('iris', s => s.status === 'ready');
      assert.equal(ready.url, url);
      assert.equal(ready.reason, null);

      // A canary: the same InferenceService gets the new version's storage
      // and the share of traffic; labels follow the new run.
      const next = { ...source, runId: RUN2 };
      const canary = await deploy(t, reports, 'iris', next, {
        canaryTrafficPercent: 20,
        minReplicas: 1,
        maxReplicas: 2
      });
      assert.equal(canary.kind, 'inference-service');
      assert.equal(canary.url, url);
      const rolled = await read('iris');
      assert.deepEqual(rolled.spec.predictor, {
        minReplicas: 1,
        maxReplicas: 2,
        canaryTrafficPercent: 20,
        model: {
          modelFormat: { name: 'sklearn' },
          storageUri: `pvc://${ARTIFACTS_CLAIM}/${RUN2}/train`
        }
      });
      assert.equal(rolled.metadata.labels['cellpipe.io/run'], RUN2);
      assert.equal(
        rolled.metadata.annotations['cellpipe.io/artifact'],
        'model'
      );
      // The previous version still serves: ready.
      await reports.until('iris', s => s.status === 'ready');

      // The new version fails to load: failed, in words.
      await status('iris', {
        status: {
          modelStatus: {
            transitionStatus: 'BlockedByFailedLoad',
            states: {
              activeModelState: 'Loaded',
              targetModelState: 'FailedToLoad'
            },
            lastFailureInfo: {
              reason: 'ModelLoadFailed',
              exitCode: 1,
              message: "ModuleNotFoundError: No module named 'sklearn'"
            }
          }
        }
      });
      const broken = await reports.until('iris', s => s.status === 'failed');
      assert.equal(
        broken.reason,
        "the model failed to load (exit code 1): ModuleNotFoundError: No module named 'sklearn'"
      );

      await t.undeploy(recordOf('iris', next, reports.states.get('iris')!));
      assert.ok(await gone(() => read('iris')));
    });

    test('no ServingRuntime for the format is failed in words; a canary of nothing is refused', async () => {
      const t = made(target(ns.name));
      const reports = new Reports();
      await deploy(t, reports, 'nort', source);
      await status('nort', {
        status: {
          conditions: [{ type: 'Ready', status: 'Unknown' }],
          modelStatus: {
            transitionStatus: 'InvalidSpec',
            states: { targetModelState: 'FailedToLoad' },
            lastFailureInfo: {
              reason: 'NoSupportingRuntime',
              message: 'No runtime found to support specified framework/version'
            }
          }
        }
      });
      const failed = await reports.until('nort', s => s.status === 'failed');
      assert.match(
        failed.reason ?? '',
        /^no ServingRuntime supports model format sklearn: No runtime found/
      );
      await assert.rejects(
        t.deploy('ghost', source, { canaryTrafficPercent: 10 }, reports.report),
        /there is no InferenceService "ghost" .* to roll a canary onto/
      );
      await assert.rejects(
        t.deploy('nort', source, {}, reports.report),
        /an InferenceService named "nort" already exists/
      );
      await t.undeploy(recordOf('nort', source, reports.states.get('nort')!));
    });

    test('resume: a restarted server follows a recorded InferenceService', async () => {
      const first = made(target(ns.name));
      const reports = new Reports();
      await deploy(first, reports, 'kept', source);
      await status('kept', {
        status: {
          url: 'http://kept.example.com',
          conditions: [{ type: 'Ready', status: 'True' }]
        }
      });
      await reports.until('kept', s => s.status === 'ready');
      await first.stop();

      const second = made(target(ns.name));
      const later = new Reports();
      await second.resume(
        recordOf('kept', source, reports.states.get('kept')!),
        later.report
      );
      await status('kept', {
        status: {
          conditions: [
            {
              type: 'PredictorReady',
              status: 'False',
              reason: 'MinimumReplicasUnavailable',
              message: 'Deployment does not have minimum availability.'
            },
            { type: 'Ready', status: 'False' }
          ]
        }
      });
      const unready = await later.until('kept', s => s.status === 'unready');
      assert.match(
        unready.reason ?? '',
        /^PredictorReady is False \(MinimumReplicasUnavailable/
      );
      await second.undeploy(
        recordOf('kept', source, later.states.get('kept')!)
      );
    });
  });

  describe('permissions and outages', () => {
    test('the deployer Role in the docs is exactly what deploying needs, and enough for both ways; without it the failure names the resource', async () => {
      const rbacNs = await TestNamespace.create('deploy-rbac');
      try {
        await rbacNs.bindMinimalRole(); // the runner's Role only
        const user = made(target(rbacNs.name, USER_KUBECONFIG));
        const reports = new Reports();
        const { role, binding } = deployerRole();
        const namespace = rbacNs.name;

        await crd.install(); // still there after the KServe tests
        const refusedIsvc = await deploy(user, reports, 'nope', source);
        assert.equal(refusedIsvc.status, 'failed');
        assert.match(
          refusedIsvc.reason ?? '',
          /^could not create the InferenceService: not allowed: .*"cellpipe-user" cannot create resource "inferenceservices" in API group "serving\.kserve\.io"/
        );

        await rbacNs.rbac.createNamespacedRole({ namespace, body: role });
        await rbacNs.rbac.createNamespacedRoleBinding({
          namespace,
          body: binding
        });
        const rules = role.rules!.flatMap(r =>
          r.resources!.flatMap(res =>
            r.verbs.map(
              v => `${v} ${res}${r.apiGroups?.[0] ? `.${r.apiGroups[0]}` : ''}`
            )
          )
        );
        const needed = DEPLOY_PERMISSIONS.map(
          p =>
            `${p.verb} ${p.resource}${p.subresource ? `/${p.subresource}` : ''}${p.group ? `.${p.group}` : ''}`
        );
        assert.deepEqual(rules.sort(), needed.sort());

        const allowed = await deploy(user, reports, 'isvc', source);
        assert.equal(allowed.status, 'deploying');
        const admin = rbacNs.kc.makeApiClient(CustomObjectsApi);
        await admin.patchNamespacedCustomObjectStatus(
          {
            ...KSERVE,
            namespace: rbacNs.name,
            name: 'isvc',
            body: {
              status: { conditions: [{ type: 'Ready', status: 'True' }] }
            }
          },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch)
        );
        await reports.until('isvc', s => s.status === 'ready');
        await user.undeploy(
          recordOf('isvc', source, reports.states.get('isvc')!)
        );

        // Without KServe: the model server, as the same user.
        await crd.remove();
        await rbacNs.rbac.deleteNamespacedRoleBinding({
          name: 'cellpipe-deployer',
          namespace: rbacNs.name
        });
        const refused = await deploy(user, reports, 'plain', source);
        assert.equal(refused.status, 'failed');
        assert.match(
          refused.reason ?? '',
          /^could not create the model server's Deployment: not allowed: .*"cellpipe-user" cannot create resource "deployments" in API group "apps"/
        );
        assert.ok(
          await gone(() =>
            rbacNs.core.readNamespacedConfigMap({
              name: 'plain-model-server',
              namespace: rbacNs.name
            })
          ),
          'the ConfigMap made before the refusal is deleted again'
        );
        await rbacNs.rbac.createNamespacedRoleBinding({
          namespace,
          body: binding
        });
        await deploy(user, reports, 'plain2', source);
        await reports.until('plain2', s => s.status === 'ready');
        await user.undeploy(
          recordOf('plain2', source, reports.states.get('plain2')!)
        );
        assert.ok(
          await gone(() =>
            rbacNs.core.readNamespacedService({
              name: 'plain2',
              namespace: rbacNs.name
            })
          )
        );
      } finally {
        await rbacNs.delete();
      }
    });

    test('a cluster that is down: failed with the reason, at once', async () => {
      const kc = new KubeConfig();
      kc.loadFromFile(TEST_KUBECONFIG!);
      const cluster = kc.getCurrentCluster()!;
      const down = new KubeConfig();
      down.loadFromOptions({
        clusters: [{ ...cluster, server: 'https://127.0.0.1:1' }],
        users: kc.getUsers(),
        contexts: kc.getContexts(),
        currentContext: kc.getCurrentContext()
      });
      const file = join(dir, 'down.kubeconfig');
      writeFileSync(file, down.exportConfig());
      const t = made(target(ns.name, file));
      const started = Date.now();
      const state = await t.deploy('down', source, {}, () => undefined);
      assert.ok(Date.now() - started < 5_000, 'without waiting');
      assert.equal(state.status, 'failed');
      assert.equal(
        state.reason,
        'cannot reach the Kubernetes API server (ECONNREFUSED)'
      );
      await assert.rejects(
        t.forward(
          recordOf('down', source, {
            kind: 'deployment',
            handle: {
              namespace: ns.name,
              object: 'down',
              service: 'down',
              port: 80
            }
          }),
          '/v1/models/down:predict',
          {},
          AbortSignal.timeout(5_000)
        ),
        /cannot reach the Kubernetes API server \(ECONNREFUSED\)/
      );
    });
  });
});
