import { test } from 'node:test';

import {
  ARTIFACTS_CLAIM,
  clusterSkip,
  FAIL_LABEL,
  kwokTiming,
  TEST_KUBECONFIG,
  TestNamespace
} from '../../testing/testCluster.js';
import { executorContract } from '../../testing/executorContract.js';
import { KubernetesExecutor } from './KubernetesExecutor.js';

const skip = clusterSkip();

async function eventually(
  check: () => Promise<boolean>,
  ms: number,
  what: string
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise(r => setTimeout(r, 200));
  }
}

if (skip) {
  test('executor contract: kubernetes', { skip }, () => undefined);
} else {
  let ns: TestNamespace;
  executorContract('kubernetes (kwok)', {
    executor: async () => {
      ns = await TestNamespace.create('contract');
      return setup =>
        new KubernetesExecutor({
          ...setup,
          kubeconfig: TEST_KUBECONFIG,
          namespace: ns.name,
          artifactsClaim: ARTIFACTS_CLAIM
        });
    },
    defaults: { kubernetes_pod_annotations: kwokTiming(100, 300) },
    slow: ms => ({ kubernetes_pod_annotations: kwokTiming(100, ms) }),
    failing: () => ({ kubernetes_pod_labels: FAIL_LABEL }),
    stopped: run =>
      eventually(
        async () =>
          (await ns.jobs(run.id)).length === 0 &&
          (await ns.pods(run.id)).length === 0,
        30_000,
        "the run's Jobs and Pods to be deleted"
      )
  });
}
