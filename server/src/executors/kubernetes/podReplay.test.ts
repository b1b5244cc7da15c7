import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';

import type { IRunRecord } from '../../contract/wire.js';
import { resolvePython } from '../../pipelines/pythonExecutable.js';
import {
  ARTIFACTS_CLAIM,
  clusterSkip,
  TEST_KUBECONFIG,
  TestNamespace
} from '../../testing/testCluster.js';
import { testEngine } from '../../testing/testEngine.js';
import { STEP_LABEL } from '../../kube/labels.js';
import {
  type IReplayed,
  type IStepResult,
  localResult,
  NOTEBOOK,
  replayedResult,
  replayJob
} from './podReplay.fixture.js';

async function runNotebook(
  engine: ReturnType<typeof testEngine>
): Promise<IRunRecord> {
  const run = await engine.runs.submit(
    { notebook: NOTEBOOK, name: 'pod-replay', cache: false },
    { cwd: engine.workDir }
  );
  const done = await engine.runs.wait(run.id);
  assert.equal(done.status, 'succeeded', done.reason ?? '');
  return done;
}

const skip = clusterSkip();

describe('a replay proves the pods would work', { skip }, () => {
  let ns: TestNamespace;
  let root: string;
  const replays = new Map<string, IReplayed>();
  const local = new Map<string, IStepResult>();

  before(async () => {
    ns = await TestNamespace.create('replay');
    const kube = testEngine({
      defaultTarget: 'kubernetes',
      kubernetes: {
        kubeconfig: TEST_KUBECONFIG,
        namespace: ns.name,
        artifactsClaim: ARTIFACTS_CLAIM
      }
    });
    const localEngine = testEngine();
    try {
      const [kubeRun, localRun] = await Promise.all([
        runNotebook(kube),
        runNotebook(localEngine)
      ]);
      await replayRun(kubeRun);
      for (const name of localRun.order) {
        local.set(name, localResult(localEngine, localRun, name));
      }
    } finally {
      await Promise.all([kube.stop(), localEngine.stop()]);
      kube.close();
      localEngine.close();
    }
  });

  /** The run's Jobs in the record's (topological) order, each replayed on one shared claim. */
  async function replayRun(run: IRunRecord): Promise<void> {
    const jobs = await ns.jobs(run.id);
    const byStep = new Map(
      jobs.map(j => [j.metadata!.labels![STEP_LABEL], j] as const)
    );
    assert.deepEqual([...byStep.keys()].sort(), [...run.order].sort());
    const listed = await ns.core.listNamespacedConfigMap({
      namespace: ns.name,
      labelSelector: `cellpipe.io/run=${run.id}`
    });
    const cm = new Map(listed.items.map(c => [c.metadata!.name!, c] as const));
    root = mkdtempSync(join(tmpdir(), 'cellpipe-replay-'));
    const python = await resolvePython();
    for (const name of run.order) {
      replays.set(name, await replayJob(byStep.get(name)!, cm, root, python));
    }
  }

  after(async () => {
    await ns?.delete();
    if (root) {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('every Job of the run exits 0 and finishes its harness', () => {
    assert.deepEqual([...replays.keys()], [...local.keys()]);
    for (const [name, r] of replays) {
      assert.equal(r.code, 0, `${name}:\n${r.logs.join('\n')}\n${r.stderr}`);
      assert.equal(r.events.filter(e => e.event === 'error').length, 0);
      assert.equal(r.events.at(-1)?.event, 'finished', name);
      const started = r.events.find(e => e.event === 'started');
      assert.equal(started?.step, name);
    }
  });

  test('outputs land on the artifacts claim, not in the pod', () => {
    let seen = 0;
    for (const r of replays.values()) {
      for (const e of r.events) {
        if (e.event === 'output') {
          const rel = relative(r.artifactsDir, e.path);
          assert.ok(!rel.startsWith('..') && !isAbsolute(rel), e.path);
          seen += 1;
        }
      }
    }
    assert.ok(seen > 0, 'some outputs were written');
  });

  test('metrics, outputs (with their hashes) and printed lines equal the local run', () => {
    for (const [name, expected] of local) {
      assert.deepEqual(replayedResult(replays.get(name)!), expected, name);
    }
    const outputs = [...local.values()].flatMap(r => r.outputs).join('\n');
    for (const format of ['npy', 'pandas-pickle', 'joblib']) {
      assert.match(outputs, new RegExp(` ${format} `), `${format} compared`);
    }
    assert.ok([...local.values()].some(r => r.metrics.length > 0));
  });
});
