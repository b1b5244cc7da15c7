import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';

import { pino } from 'pino';

import { notebook, step } from '../testing/notebooks.js';
import {
  ARTIFACTS_CLAIM,
  clusterSkip,
  kwokTiming,
  TEST_KUBECONFIG,
  TestNamespace
} from '../testing/testCluster.js';
import { testEngine } from '../testing/testEngine.js';
import { IMPORT_CHECK_LABEL } from './importCheckJob.js';

const skip = clusterSkip();

describe('a Kubernetes run checks its imports first', { skip }, () => {
  let ns: TestNamespace;
  before(async () => {
    ns = await TestNamespace.create('imports-run');
  });
  after(() => ns.delete());

  test('a check that cannot answer (kwok pods print no answer) warns and the run goes on', async () => {
    const warnings: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        warnings.push(
          String((JSON.parse(chunk.toString()) as { msg: string }).msg)
        );
        done();
      }
    });
    const engine = testEngine({
      defaultTarget: 'kubernetes',
      checkImports: ['kubernetes'],
      logger: pino({ level: 'warn' }, sink),
      kubernetes: {
        kubeconfig: TEST_KUBECONFIG,
        namespace: ns.name,
        artifactsClaim: ARTIFACTS_CLAIM,
        image: 'python:3.11-slim'
      }
    });
    try {
      const nb = notebook(
        [step('train', 'import no_such_module_cp18\nx = 1')],
        {
          version: 1,
          steps: { train: { kubernetes_pod_annotations: kwokTiming(50, 100) } }
        }
      );
      const started = Date.now();
      const run = await engine.runs.submit({ notebook: nb, cache: false });
      const waited = Date.now() - started;
      console.log(`submit with the check Job: ${waited} ms`);
      assert.ok(waited < 25_000);
      assert.ok(
        warnings.some(w =>
          w.startsWith('could not check imports in image python:3.11-slim: ')
        ),
        warnings.join('\n')
      );
      const checks = await ns.batch.listNamespacedJob({
        namespace: ns.name,
        labelSelector: `${IMPORT_CHECK_LABEL}=true`
      });
      assert.equal(checks.items.length, 1);
      assert.equal(
        checks.items[0].spec!.template.spec!.containers[0].image,
        'python:3.11-slim'
      );
      await engine.runs.wait(run.id);
    } finally {
      await engine.stop();
    }
  });
});
