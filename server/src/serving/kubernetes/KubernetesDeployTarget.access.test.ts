import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import {
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions
} from '@kubernetes/client-node';

import {
  clusterSkip,
  TEST_KUBECONFIG,
  TestNamespace,
  USER_KUBECONFIG
} from '../../testing/testCluster.js';
import { DEPLOY_PERMISSIONS } from './deployPermissions.js';
import { deploy, DeployTestBed, target } from './deployTargetSetup.fixture.js';
import {
  deployerRole,
  gone,
  KSERVE,
  recordOf,
  Reports
} from './kubernetesDeploy.fixture.js';

/*
 * Deploying with the documented deployer Role only (and without it), and
 * with a cluster that does not answer.
 */

const skip = clusterSkip();

describe('Kubernetes deploy target on the test control plane', { skip }, () => {
  const bed = DeployTestBed.register();

  describe('permissions and outages', () => {
    test('the deployer Role in the docs is exactly what deploying needs, and enough for both ways; without it the failure names the resource', async () => {
      const rbacNs = await TestNamespace.create('deploy-rbac');
      try {
        await rbacNs.bindMinimalRole(); // the runner's Role only
        const user = bed.made(target(rbacNs.name, USER_KUBECONFIG));
        const reports = new Reports();
        const { role, binding } = deployerRole();
        const namespace = rbacNs.name;

        await bed.crd.install(); // the setup removed it
        const refusedIsvc = await deploy(user, reports, 'nope', bed.source);
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

        const allowed = await deploy(user, reports, 'isvc', bed.source);
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
          recordOf('isvc', bed.source, reports.states.get('isvc')!)
        );

        // Without KServe: the model server, as the same user.
        await bed.crd.remove();
        await rbacNs.rbac.deleteNamespacedRoleBinding({
          name: 'cellpipe-deployer',
          namespace: rbacNs.name
        });
        const refused = await deploy(user, reports, 'plain', bed.source);
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
        await deploy(user, reports, 'plain2', bed.source);
        await reports.until('plain2', s => s.status === 'ready');
        await user.undeploy(
          recordOf('plain2', bed.source, reports.states.get('plain2')!)
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
      const file = join(bed.dir, 'down.kubeconfig');
      writeFileSync(file, down.exportConfig());
      const t = bed.made(target(bed.ns.name, file));
      const started = Date.now();
      const state = await t.deploy('down', bed.source, {}, () => undefined);
      assert.ok(Date.now() - started < 5_000, 'without waiting');
      assert.equal(state.status, 'failed');
      assert.equal(
        state.reason,
        'cannot reach the Kubernetes API server (ECONNREFUSED)'
      );
      await assert.rejects(
        t.forward(
          recordOf('down', bed.source, {
            kind: 'deployment',
            handle: {
              namespace: bed.ns.name,
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
