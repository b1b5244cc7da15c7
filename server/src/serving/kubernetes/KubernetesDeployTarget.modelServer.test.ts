import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

import { clusterSkip } from '../../testing/testCluster.js';
import { MODEL_SERVER_SCRIPT } from '../../testing/testModel.js';
import {
  deploy,
  DeployTestBed,
  RUN,
  target
} from './deployTargetSetup.fixture.js';
import { gone, recordOf, Reports } from './kubernetesDeploy.fixture.js';

/*
 * Deploying without KServe: Cellpipe's model server as a ConfigMap,
 * Deployment and Service, followed to ready, resumed and removed.
 */

const skip = clusterSkip();

describe('Kubernetes deploy target on the test control plane', { skip }, () => {
  const bed = DeployTestBed.register();

  describe('without KServe: our model server in a Deployment', () => {
    test('ConfigMap, Deployment and Service with labels and owner; ready once kwok reports the pod ready; undeploy removes all three', async () => {
      const t = bed.made(target(bed.ns.name));
      const reports = new Reports();
      const state = await deploy(t, reports, 'churn', bed.source, {
        resources: { cpu: '250m', memory: '1Gi' }
      });
      assert.equal(state.kind, 'deployment');
      assert.equal(state.status, 'deploying');
      assert.equal(state.namespace, bed.ns.name);
      assert.equal(state.url, `http://churn.${bed.ns.name}.svc.cluster.local`);
      assert.deepEqual(state.warnings, []);
      assert.deepEqual(state.handle, {
        namespace: bed.ns.name,
        object: 'churn',
        service: 'churn',
        port: 80
      });

      const namespace = bed.ns.name;
      const cm = await bed.ns.core.readNamespacedConfigMap({
        name: 'churn-model-server',
        namespace
      });
      const deployment = await bed.apps.readNamespacedDeployment({
        name: 'churn',
        namespace
      });
      const service = await bed.ns.core.readNamespacedService({
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
      assert.equal(ready.url, `http://churn.${bed.ns.name}.svc.cluster.local`);

      await t.undeploy(
        recordOf('churn', bed.source, reports.states.get('churn')!)
      );
      assert.ok(
        await gone(() =>
          bed.ns.core.readNamespacedConfigMap({
            name: 'churn-model-server',
            namespace
          })
        )
      );
      assert.ok(
        await gone(() =>
          bed.apps.readNamespacedDeployment({ name: 'churn', namespace })
        )
      );
      assert.ok(
        await gone(() =>
          bed.ns.core.readNamespacedService({ name: 'churn', namespace })
        )
      );
      // Undeploying again (a CLI did it already) is fine.
      await t.undeploy(
        recordOf('churn', bed.source, reports.states.get('churn')!)
      );
    });

    test('a name already taken is a conflict and leaves nothing behind; a canary is refused', async () => {
      const t = bed.made(target(bed.ns.name));
      const reports = new Reports();
      await deploy(t, reports, 'taken', bed.source);
      await assert.rejects(
        t.deploy('taken', bed.source, {}, reports.report),
        /a ConfigMap named "taken-model-server" already exists/
      );
      await assert.rejects(
        t.deploy(
          'other',
          bed.source,
          { canaryTrafficPercent: 10 },
          reports.report
        ),
        /canaryTrafficPercent needs KServe/
      );
      assert.ok(
        await gone(() =>
          bed.ns.core.readNamespacedConfigMap({
            name: 'other-model-server',
            namespace: bed.ns.name
          })
        )
      );
      await t.undeploy(
        recordOf('taken', bed.source, reports.states.get('taken')!)
      );
    });

    test('resume: a restarted server reports on a recorded deployment, and says when its objects are gone', async () => {
      const first = bed.made(target(bed.ns.name));
      const reports = new Reports();
      await deploy(first, reports, 'again', bed.source);
      await reports.until('again', s => s.status === 'ready');
      await first.stop();

      const second = bed.made(target(bed.ns.name));
      const later = new Reports();
      const record = recordOf(
        'again',
        bed.source,
        reports.states.get('again')!
      );
      await second.resume(record, later.report);
      // Removed behind its back: the Deployment goes, the watch sees it.
      await bed.apps.deleteNamespacedDeployment({
        name: 'again',
        namespace: bed.ns.name
      });
      const deleted = await later.until('again', s => s.status === 'failed');
      assert.equal(
        deleted.reason,
        'the Deployment again was deleted (not by Cellpipe)'
      );

      const third = bed.made(target(bed.ns.name));
      const last = new Reports();
      await third.resume(record, last.report);
      const missing = await last.until('again', s => s.status === 'failed');
      assert.equal(
        missing.reason,
        `the Deployment again no longer exists in namespace ${bed.ns.name}`
      );
      await third.undeploy(record);
    });
  });
});
