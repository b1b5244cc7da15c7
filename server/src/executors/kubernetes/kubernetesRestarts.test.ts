import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';

import type { IRunRecord } from '../../contract/wire.js';
import { exited } from '../../testing/cliProcess.js';
import { startCliServer } from '../../testing/cliServer.js';
import { pollUntil } from '../../testing/inCluster.js';
import {
  ARTIFACTS_CLAIM,
  clusterSkip,
  slowMiddlePipeline,
  TEST_KUBECONFIG,
  TestNamespace
} from '../../testing/testCluster.js';
import { testEngine } from '../../testing/testEngine.js';

const skip = clusterSkip();
const TOKEN = 'restart-test-token';
const APISERVER_SH = fileURLToPath(
  new URL('../../../test/cluster/apiserver.sh', import.meta.url)
);
const run = promisify(execFile);

const finished = (r: IRunRecord) =>
  ['succeeded', 'failed', 'cancelled'].includes(r.status);
const stepStatus = (r: IRunRecord, name: string) =>
  r.steps.find(s => s.name === name)!.status;

async function apiserver(action: 'stop' | 'start'): Promise<void> {
  await run(APISERVER_SH, [action], {
    env: { ...process.env, CELLPIPE_CLUSTER_DIR: dirname(TEST_KUBECONFIG!) }
  });
}

async function serve(home: string, ns: string) {
  const server = await startCliServer(
    TOKEN,
    [
      '--kubeconfig',
      TEST_KUBECONFIG!,
      '--namespace',
      ns,
      '--artifacts-claim',
      ARTIFACTS_CLAIM
    ],
    { CELLPIPE_HOME: home }
  );
  const call = async (method: string, path: string, body?: unknown) =>
    (await server.call<IRunRecord>(method, path, body)).body;
  return { ...server, call };
}

describe(
  'Kubernetes runs outlive their server and API server outages',
  { skip },
  () => {
    let ns: TestNamespace;
    before(async () => {
      ns = await TestNamespace.create('restart');
    });
    after(() => ns.delete());

    for (const [signal, how] of [
      ['SIGKILL', 'killed with SIGKILL'],
      ['SIGTERM', 'stopped with SIGTERM (it detaches, not cancels)']
    ] as const) {
      test(`a server ${how} mid-run: the next server re-attaches and the run completes`, async () => {
        const home = mkdtempSync(join(tmpdir(), 'cellpipe-k8s-restart-'));
        const first = await serve(home, ns.name);
        const created = await first.call('POST', '/runs', {
          notebook: slowMiddlePipeline(6_000),
          target: 'kubernetes',
          cache: false
        });
        const id = created.id;
        await pollUntil(
          () => first.call('GET', `/runs/${id}`),
          r => stepStatus(r, 'slow') === 'running',
          20_000,
          'slow to run'
        );
        first.cli.child.kill(signal);
        await exited(first.cli.child);
        const [slowJob] = (await ns.jobs(id)).filter(
          j => j.metadata!.labels!['cellpipe.io/step'] === 'slow'
        );

        const second = await serve(home, ns.name);
        try {
          const done = await pollUntil(
            () => second.call('GET', `/runs/${id}`),
            finished,
            60_000,
            'the run to finish'
          );
          assert.equal(done.status, 'succeeded', done.reason ?? '');
          assert.deepEqual(
            done.steps.map(s => s.status),
            ['succeeded', 'succeeded', 'succeeded']
          );
          const jobs = await ns.jobs(id);
          assert.equal(jobs.length, 3);
          const adopted = jobs.find(
            j => j.metadata!.labels!['cellpipe.io/step'] === 'slow'
          )!;
          assert.equal(
            adopted.metadata!.uid,
            slowJob.metadata!.uid,
            'the running Job was adopted, not recreated'
          );
          const logs = (await fetch(
            `http://127.0.0.1:${second.port}/api/runs/${id}/steps/slow/logs`,
            { headers: { Authorization: `token ${TOKEN}` } }
          ).then(r => r.json())) as {
            lines: { line: string; stream: string }[];
          };
          const podLines = logs.lines
            .filter(l => l.stream !== 'system')
            .map(l => l.line);
          assert.deepEqual(
            podLines,
            [
              'cellpipe test log line 1',
              'cellpipe test log line 2',
              'cellpipe test log line 3'
            ],
            'lines stored before the crash are not repeated'
          );
        } finally {
          second.cli.child.kill('SIGTERM');
          await exited(second.cli.child);
        }
      });
    }

    test('an API server outage mid-run: a short one is ridden out, a long one fails the step with the reason', async () => {
      const patient = testEngine({
        defaultTarget: 'kubernetes',
        kubernetes: {
          kubeconfig: TEST_KUBECONFIG,
          namespace: ns.name,
          artifactsClaim: ARTIFACTS_CLAIM,
          unreachableGraceMs: 60_000
        }
      });
      const hasty = testEngine({
        defaultTarget: 'kubernetes',
        kubernetes: {
          kubeconfig: TEST_KUBECONFIG,
          namespace: ns.name,
          artifactsClaim: ARTIFACTS_CLAIM,
          unreachableGraceMs: 2_000
        }
      });
      try {
        const submit = (engine: typeof patient) =>
          engine.runs.submit(
            {
              notebook: slowMiddlePipeline(4_000),
              name: 'outage',
              cache: false
            },
            { cwd: engine.workDir }
          );
        const [p, h] = [await submit(patient), await submit(hasty)];
        await pollUntil(
          () => Promise.resolve([patient.runs.get(p.id), hasty.runs.get(h.id)]),
          runs => runs.every(r => stepStatus(r, 'slow') === 'running'),
          20_000,
          'both slow steps to run'
        );
        await apiserver('stop');
        const failed = await hasty.runs.wait(h.id);
        await new Promise(r => setTimeout(r, 2_000));
        await apiserver('start');
        const survived = await patient.runs.wait(p.id);

        assert.equal(survived.status, 'succeeded', survived.reason ?? '');
        assert.equal(failed.status, 'failed');
        assert.match(
          failed.steps[1].reason ?? '',
          /lost the Kubernetes API server/
        );
        assert.equal(stepStatus(failed, 'c'), 'skipped');
        for (const [engine, record] of [
          [patient, survived],
          [hasty, failed]
        ] as const) {
          assert.equal(
            stepStatus(record, 'a'),
            'succeeded',
            'what finished before the outage is kept'
          );
          assert.equal(
            engine.store
              .getLogs(record.id, 'a')
              .filter(l => l.stream !== 'system').length,
            3
          );
        }
      } finally {
        await apiserver('start').catch(() => undefined);
        for (const engine of [patient, hasty]) {
          await engine.stop();
          engine.close();
        }
      }
    });
  }
);
