import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { CoordinationV1Api, V1MicroTime } from '@kubernetes/client-node';
import { pino } from 'pino';

import { clusterSkip, TestNamespace } from '../testing/testCluster.js';
import { until } from '../testing/testEngine.js';
import { LeaderLease } from './LeaderLease.js';

const skip = clusterSkip();
const LEASE_MS = 2000;

interface ICandidate {
  lease: LeaderLease;
  acquired: number;
  lost: number;
}

describe('LeaderLease on the control plane', { skip }, () => {
  let ns: TestNamespace;
  let leases: CoordinationV1Api;
  const started: LeaderLease[] = [];
  before(async () => {
    ns = await TestNamespace.create('lease');
    leases = ns.kc.makeApiClient(CoordinationV1Api);
  });
  after(async () => {
    await Promise.all(started.map(l => l.stop()));
    await ns.delete();
  });

  function candidate(name: string, identity: string): ICandidate {
    const c: ICandidate = { lease: undefined!, acquired: 0, lost: 0 };
    c.lease = new LeaderLease({
      kubeConfig: ns.kc,
      name,
      namespace: ns.name,
      identity,
      leaseMs: LEASE_MS,
      retryMs: 200,
      logger: pino({ level: 'silent' }),
      onAcquired: () => (c.acquired += 1),
      onLost: () => (c.lost += 1)
    });
    started.push(c.lease);
    c.lease.start();
    return c;
  }

  const holder = async (name: string) =>
    (await leases.readNamespacedLease({ name, namespace: ns.name })).spec
      ?.holderIdentity;

  test('two candidates for a missing Lease: exactly one holds it, and keeps it', async () => {
    const a = candidate('race', 'a');
    const b = candidate('race', 'b');
    await until(() => a.lease.holding || b.lease.holding, 5000, 'a leader');
    // Several renewals later, still one leader, never a change.
    await new Promise(r => setTimeout(r, LEASE_MS * 1.5));
    assert.equal(Number(a.lease.holding) + Number(b.lease.holding), 1);
    const leader = a.lease.holding ? a : b;
    const other = leader === a ? b : a;
    assert.deepEqual([leader.acquired, leader.lost], [1, 0]);
    assert.deepEqual([other.acquired, other.lost], [0, 0]);
    assert.equal(await holder('race'), leader === a ? 'a' : 'b');
    assert.equal(other.lease.holder, leader === a ? 'a' : 'b');

    const released = Date.now();
    await leader.lease.stop();
    await until(() => other.lease.holding, 3000, 'the other to take over');
    // Released, not expired: taken at the next try, well before a lease duration.
    assert.ok(Date.now() - released < LEASE_MS, `${Date.now() - released} ms`);
    assert.equal(await holder('race'), other === a ? 'a' : 'b');
  });

  test('a holder that stopped renewing is replaced after the lease duration, not before', async () => {
    const now = new V1MicroTime();
    await leases.createNamespacedLease({
      namespace: ns.name,
      body: {
        metadata: { name: 'ghost' },
        spec: {
          holderIdentity: 'crashed-server',
          leaseDurationSeconds: LEASE_MS / 1000,
          acquireTime: now,
          renewTime: now,
          leaseTransitions: 3
        }
      }
    });
    const since = Date.now();
    const c = candidate('ghost', 'standby');
    await until(() => c.lease.holding, LEASE_MS + 3000, 'the take-over');
    const waited = Date.now() - since;
    assert.ok(waited >= LEASE_MS, `taken after ${waited} ms`);
    const spec = (
      await leases.readNamespacedLease({ name: 'ghost', namespace: ns.name })
    ).spec!;
    assert.equal(spec.holderIdentity, 'standby');
    assert.equal(spec.leaseTransitions, 4);
  });

  test('a holder whose Lease another took loses it at its next try', async () => {
    const c = candidate('stolen', 'victim');
    await until(() => c.lease.holding, 5000, 'the lease');
    const lease = await leases.readNamespacedLease({
      name: 'stolen',
      namespace: ns.name
    });
    lease.spec!.holderIdentity = 'usurper';
    lease.spec!.renewTime = new V1MicroTime();
    await leases.replaceNamespacedLease({
      name: 'stolen',
      namespace: ns.name,
      body: lease
    });
    await until(() => c.lost === 1, 3000, 'the loss');
    assert.equal(c.lease.holding, false);
    assert.equal(c.lease.holder, 'usurper');
  });
});
