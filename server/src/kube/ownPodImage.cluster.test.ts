import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import type { V1Pod } from '@kubernetes/client-node';

import { notebook, step } from '../testing/notebooks.js';
import {
  ARTIFACTS_CLAIM,
  clusterSkip,
  kwokTiming,
  TEST_KUBECONFIG,
  TestNamespace
} from '../testing/testCluster.js';
import { testEngine } from '../testing/testEngine.js';
import { podImage } from './ownPodImage.js';

const skip = clusterSkip();

/** Asks until the answer is there (the API is the only way to see the cluster). */
async function eventually<T>(
  ask: () => Promise<T | undefined>,
  what: string
): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const answer = await ask();
    if (answer !== undefined) {
      return answer;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise(r => setTimeout(r, 200));
  }
}

/** A notebook server's pod as JupyterHub makes one: a sidecar first, the notebook second. */
const NOTEBOOK_POD: V1Pod = {
  metadata: { name: 'jupyter-ada' },
  spec: {
    containers: [
      { name: 'istio-proxy', image: 'istio/proxyv2:1.24' },
      { name: 'notebook', image: 'quay.io/jupyter/scipy-notebook:2026-11-30' }
    ]
  }
};

describe("steps default to the image of the server's own pod", { skip }, () => {
  let ns: TestNamespace;
  let expected: string;
  const saved = { name: process.env.POD_NAME, ns: process.env.POD_NAMESPACE };

  before(async () => {
    ns = await TestNamespace.create('ownpod');
    await ns.core.createNamespacedPod({
      namespace: ns.name,
      body: {
        ...NOTEBOOK_POD,
        metadata: { ...NOTEBOOK_POD.metadata, namespace: ns.name }
      }
    });
    const pod = await eventually(async () => {
      const p = await ns.core.readNamespacedPod({
        name: 'jupyter-ada',
        namespace: ns.name
      });
      return p.status?.phase === 'Running' ? p : undefined;
    }, 'the notebook pod running');
    const own = podImage(pod, {});
    assert.ok('image' in own);
    expected = own.image;
    // As the downward API would set them in the notebook pod.
    process.env.POD_NAME = 'jupyter-ada';
    process.env.POD_NAMESPACE = ns.name;
  });
  after(async () => {
    process.env.POD_NAME = saved.name;
    process.env.POD_NAMESPACE = saved.ns;
    if (saved.name === undefined) delete process.env.POD_NAME;
    if (saved.ns === undefined) delete process.env.POD_NAMESPACE;
    await ns.delete();
  });

  test("the step Job's image is the notebook container's, and the cluster says why", async () => {
    const engine = testEngine({
      defaultTarget: 'kubernetes',
      checkImports: [],
      kubernetes: {
        kubeconfig: TEST_KUBECONFIG,
        namespace: ns.name,
        artifactsClaim: ARTIFACTS_CLAIM
      }
    });
    try {
      const status = await engine.probeCluster();
      assert.deepEqual(status.stepImage, {
        image: expected,
        source: `from the notebook pod ${ns.name}/jupyter-ada`
      });
      assert.match(
        expected,
        /^quay\.io\/jupyter\/scipy-notebook(:2026-11-30|@sha256:)/
      );
      const nb = notebook([step('only', 'x = 1')], {
        version: 1,
        steps: { only: { kubernetes_pod_annotations: kwokTiming(50, 100) } }
      });
      const run = await engine.runs.submit({ notebook: nb, cache: false });
      const image = await eventually(async () => {
        const jobs = await ns.batch.listNamespacedJob({ namespace: ns.name });
        return jobs.items[0]?.spec?.template.spec?.containers[0].image;
      }, 'the step Job');
      assert.equal(image, expected);
      await engine.runs.wait(run.id);
    } finally {
      await engine.stop();
    }
  });
});
