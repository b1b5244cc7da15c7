import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { CoordinationV1Api } from '@kubernetes/client-node';

import type { IErrorBody, IRunRecord } from '../contract/wire.js';
import { exited, killIfRunning } from '../testing/cliProcess.js';
import { type ICliServer, startCliServer } from '../testing/cliServer.js';
import { pollUntil, readyStatus } from '../testing/inCluster.js';
import {
  ARTIFACTS_CLAIM,
  clusterSkip,
  slowMiddlePipeline,
  TEST_KUBECONFIG,
  TestNamespace
} from '../testing/testCluster.js';

const skip = clusterSkip();
const TOKEN = 'two-servers-token';
const LEASE = 'cellpipe-leader';
const LEASE_SECONDS = 4;

const finished = (r: IRunRecord) =>
  ['succeeded', 'failed', 'cancelled'].includes(r.status);

describe('two servers, one leader lease', { skip }, () => {
  let ns: TestNamespace;
  const servers: ICliServer[] = [];
  before(async () => {
    ns = await TestNamespace.create('leader');
  });
  after(async () => {
    for (const s of servers) {
      killIfRunning(s.cli.child);
    }
    await ns.delete();
  });

  /** Both share one store, as two replicas on one claim would. */
  const serve = (home: string) =>
    startCliServer(
      TOKEN,
      [
        '--kubeconfig',
        TEST_KUBECONFIG!,
        '--namespace',
        ns.name,
        '--artifacts-claim',
        ARTIFACTS_CLAIM,
        '--leader-lease',
        LEASE
      ],
      { CELLPIPE_HOME: home, CELLPIPE_LEADER_LEASE_SECONDS: `${LEASE_SECONDS}` }
    ).then(s => (servers.push(s), s));

  test('only the leader drives the run; killed (SIGKILL), the standby takes over within the lease duration and finishes it', async () => {
    const home = mkdtempSync(join(tmpdir(), 'cellpipe-leader-'));
    const [one, two] = [await serve(home), await serve(home)];
    const states = await pollUntil(
      () => Promise.all([readyStatus(one.port), readyStatus(two.port)]),
      s => s.includes(200),
      15_000,
      'a leader'
    );
    const [leader, standby] = states[0] === 200 ? [one, two] : [two, one];
    assert.equal(await readyStatus(standby.port), 503);

    const refused = await standby.call<IErrorBody>('POST', '/runs', {
      notebook: slowMiddlePipeline(1000),
      target: 'kubernetes'
    });
    assert.equal(refused.status, 503);
    assert.equal(refused.body.error.kind, 'standby');

    const created = await leader.call<IRunRecord>('POST', '/runs', {
      notebook: slowMiddlePipeline(8_000),
      target: 'kubernetes',
      cache: false
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    const slowRunning = (r: IRunRecord) =>
      r.steps.find(s => s.name === 'slow')!.status === 'running';
    // The standby reads the shared store: it sees the run, and leaves it alone.
    await pollUntil(
      async () => (await standby.call<IRunRecord>('GET', `/runs/${id}`)).body,
      slowRunning,
      20_000,
      'slow to run'
    );
    const cancel = await standby.call<IErrorBody>('POST', `/runs/${id}/cancel`);
    assert.equal(cancel.status, 503);
    const [slowJob] = (await ns.jobs(id)).filter(
      j => j.metadata!.labels!['cellpipe.io/step'] === 'slow'
    );

    leader.cli.child.kill('SIGKILL');
    const killed = Date.now();
    await exited(leader.cli.child);
    await pollUntil(
      () => readyStatus(standby.port),
      s => s === 200,
      (LEASE_SECONDS + 3) * 1000,
      'the standby to take the lease'
    );
    const tookOver = Date.now() - killed;
    process.stdout.write(`# take-over ${tookOver} ms after SIGKILL\n`);
    assert.ok(
      tookOver < (LEASE_SECONDS + 1) * 1000,
      `took ${tookOver} ms with a ${LEASE_SECONDS} s lease`
    );

    const done = await pollUntil(
      async () => (await standby.call<IRunRecord>('GET', `/runs/${id}`)).body,
      finished,
      60_000,
      'the run to finish'
    );
    assert.equal(done.status, 'succeeded', done.reason ?? '');
    const jobs = await ns.jobs(id);
    assert.equal(jobs.length, 3, 'one Job per step: nobody ran a step twice');
    const adopted = jobs.find(
      j => j.metadata!.labels!['cellpipe.io/step'] === 'slow'
    )!;
    assert.equal(adopted.metadata!.uid, slowJob.metadata!.uid);
    const lease = await ns.kc
      .makeApiClient(CoordinationV1Api)
      .readNamespacedLease({ name: LEASE, namespace: ns.name });
    assert.ok(lease.spec!.leaseTransitions! >= 1);

    standby.cli.child.kill('SIGTERM');
    assert.equal(await exited(standby.cli.child), 0);
    const released = await ns.kc
      .makeApiClient(CoordinationV1Api)
      .readNamespacedLease({ name: LEASE, namespace: ns.name });
    assert.equal(
      released.spec!.holderIdentity,
      undefined,
      'SIGTERM releases the lease'
    );
  });
});
