import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { CoordinationV1Api, V1MicroTime } from '@kubernetes/client-node';

import type { IRunRecord } from '../contract/wire.js';
import { StandbyError } from '../errors.js';
import { pollUntil } from '../testing/inCluster.js';
import {
  ARTIFACTS_CLAIM,
  clusterSkip,
  slowMiddlePipeline,
  TEST_KUBECONFIG,
  TestNamespace
} from '../testing/testCluster.js';
import { testEngine, until } from '../testing/testEngine.js';

const skip = clusterSkip();
const LEASE = 'cellpipe-leader';

describe('an engine that loses its leader lease', { skip }, () => {
  let ns: TestNamespace;
  before(async () => {
    ns = await TestNamespace.create('lost-lease');
  });
  after(() => ns.delete());

  test('lets its Kubernetes run go without cancelling it, refuses runs, and carries it on when the lease comes back', async () => {
    const leases = ns.kc.makeApiClient(CoordinationV1Api);
    const setHolder = async (holder: string | undefined) => {
      const lease = await leases.readNamespacedLease({
        name: LEASE,
        namespace: ns.name
      });
      lease.spec = {
        ...lease.spec,
        holderIdentity: holder,
        leaseDurationSeconds: 60,
        renewTime: new V1MicroTime()
      };
      await leases.replaceNamespacedLease({
        name: LEASE,
        namespace: ns.name,
        body: lease
      });
    };
    const engine = testEngine({
      defaultTarget: 'kubernetes',
      kubernetes: {
        kubeconfig: TEST_KUBECONFIG,
        namespace: ns.name,
        artifactsClaim: ARTIFACTS_CLAIM
      },
      leaderLease: { name: LEASE, identity: 'engine-a', leaseMs: 3000 }
    });
    try {
      await until(() => engine.leadership.leading, 10_000, 'the lease');
      const run = await engine.runs.submit(
        { notebook: slowMiddlePipeline(6_000), cache: false },
        { cwd: engine.workDir }
      );
      const get = () => Promise.resolve(engine.runs.get(run.id));
      const slow = (r: IRunRecord) => r.steps.find(s => s.name === 'slow')!;
      await pollUntil(get, r => slow(r).status === 'running', 20_000, 'slow');

      await setHolder('usurper');
      await until(() => !engine.leadership.leading, 5000, 'the loss');
      await assert.rejects(
        engine.runs.submit({ notebook: slowMiddlePipeline(100) }),
        StandbyError
      );
      assert.throws(() => engine.runs.cancel(run.id), StandbyError);
      // Detached, not cancelled: still running in the store, its Job left alone.
      await new Promise(r => setTimeout(r, 1000));
      assert.equal(engine.runs.get(run.id).status, 'running');
      assert.equal(
        (await ns.jobs(run.id)).filter(j => !j.metadata!.deletionTimestamp)
          .length,
        2
      );

      await setHolder(undefined);
      await until(() => engine.leadership.leading, 5000, 'the lease back');
      const done = await pollUntil(
        get,
        r => ['succeeded', 'failed', 'cancelled'].includes(r.status),
        60_000,
        'the run to finish'
      );
      assert.equal(done.status, 'succeeded', done.reason ?? '');
      assert.equal((await ns.jobs(run.id)).length, 3);
    } finally {
      await engine.stop();
      engine.close();
    }
  });
});
