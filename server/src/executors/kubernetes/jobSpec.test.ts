import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { IStepJob } from '../Executor.js';
import { resources } from '../../kube/resources.js';
import {
  buildJob,
  fromPodPath,
  jobName,
  stepFiles,
  toPodPath
} from './jobSpec.js';

const HARNESS =
  '"""harness"""\nimport json, sys\n\ndef main(step, argv):\n    return 0\n';
const job: IStepJob = {
  runId: 'r-20261129-013502-3fa9c1',
  step: 'train',
  program: `${HARNESS.trimEnd()}\n\nSTEP = json.loads("{}")\n`,
  programHash: 'abc',
  context: {
    run_id: 'r-20261129-013502-3fa9c1',
    inputs: {
      data: '/home/u/.cellpipe/artifacts/r-20261129-013502-3fa9c1/load/data'
    },
    output_dir: '/home/u/.cellpipe/artifacts/r-20261129-013502-3fa9c1/train',
    parameters: { lr: 0.1 }
  },
  properties: {},
  cwd: '/home/u/work'
};
const ROOT = '/home/u/.cellpipe/artifacts';

describe('Job specs', () => {
  test('Job names are the run and step, cut to 63 characters with a hash when longer', () => {
    assert.equal(jobName(job.runId, 'train'), 'r-20261129-013502-3fa9c1-train');
    const long = jobName(
      job.runId,
      'a-very-long-step-name-that-goes-on-and-on-and-on'
    );
    assert.ok(long.length <= 63);
    assert.match(
      long,
      /^r-20261129-013502-3fa9c1-a-very-long-step-name-.*-[0-9a-f]{6}$/
    );
    assert.notEqual(
      long,
      jobName(job.runId, 'a-very-long-step-name-that-goes-on-and-on-and-ON')
    );
  });

  test('a Kale step name keeps its name in files and env; Kubernetes names and labels use its DNS-1123 form', () => {
    const kale = { ...job, step: 'load_transform_data' };
    assert.equal(
      jobName(kale.runId, kale.step),
      'r-20261129-013502-3fa9c1-load-transform-data'
    );
    const spec = buildJob(kale, {
      namespace: 'ml',
      image: 'python:3.11-slim',
      artifactsClaim: 'c',
      artifactsRoot: ROOT,
      owner: { name: 'cm', uid: 'u' }
    });
    assert.equal(
      spec.metadata!.labels!['cellpipe.io/step'],
      'load-transform-data'
    );
    assert.equal(
      spec.spec!.template.metadata!.labels!['cellpipe.io/step'],
      'load-transform-data'
    );
    assert.equal(
      spec.metadata!.annotations!['cellpipe.io/step-name'],
      'load_transform_data'
    );
    const container = spec.spec!.template.spec!.containers[0];
    assert.ok(container.command!.at(-2)!.endsWith('/load_transform_data.py'));
    assert.ok(
      container.env!.some(
        e => e.name === 'CELLPIPE_STEP' && e.value === 'load_transform_data'
      )
    );
    assert.ok('load_transform_data.py' in stepFiles(kale, HARNESS, ROOT));
  });

  test('a long Kale step name is cut like any other, and stays a DNS-1123 label', () => {
    const long = jobName(job.runId, `_${'a_'.repeat(30)}`);
    assert.ok(long.length <= 63);
    assert.match(long, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });

  test('the step file runs the shared harness, then only its own tail', () => {
    const files = stepFiles(job, HARNESS, ROOT);
    assert.ok(
      !files['train.py'].includes('def main'),
      'the harness is not copied'
    );
    assert.match(
      files['train.py'],
      /exec\(compile\(open\(_harness\)\.read\(\), _harness, "exec"\)\)/
    );
    assert.ok(files['train.py'].endsWith('STEP = json.loads("{}")\n'));
  });

  test("the context's paths are the pod's; reported paths map back", () => {
    const context = JSON.parse(
      stepFiles(job, HARNESS, ROOT)['train.context.json']
    ) as { output_dir: string; inputs: Record<string, string> };
    assert.equal(
      context.output_dir,
      '/cellpipe/artifacts/r-20261129-013502-3fa9c1/train'
    );
    assert.equal(
      context.inputs.data,
      '/cellpipe/artifacts/r-20261129-013502-3fa9c1/load/data'
    );
    assert.equal(
      fromPodPath('/cellpipe/artifacts/r/s/x.npy', ROOT),
      `${ROOT}/r/s/x.npy`
    );
    assert.throws(
      () => toPodPath('/etc/passwd', ROOT),
      /outside the artifact root/
    );
  });

  test('resources: requests, limits, memory numbers as GB, GPUs as limits of their vendor', () => {
    assert.deepEqual(
      resources({
        cpu: 2,
        memory: 4,
        cpu_limit: '3',
        memory_limit: '6Gi',
        gpu: 2,
        gpu_vendor: 'amd.com/gpu'
      }),
      {
        requests: { cpu: '2', memory: '4G' },
        limits: { cpu: '3', memory: '6Gi', 'amd.com/gpu': '2' }
      }
    );
    assert.deepEqual(resources({}), {});
  });

  test("the user's pod labels cannot replace the labels the informers select on", () => {
    const spec = buildJob(
      {
        ...job,
        properties: {
          kubernetes_pod_labels: { 'cellpipe.io/run': 'other', team: 'ml' }
        }
      },
      {
        namespace: 'ml',
        image: 'python:3.11-slim',
        artifactsClaim: 'c',
        artifactsRoot: ROOT,
        owner: { name: 'cm', uid: 'u' }
      }
    );
    assert.equal(
      spec.spec!.template.metadata!.labels!['cellpipe.io/run'],
      job.runId
    );
    assert.equal(spec.spec!.template.metadata!.labels!.team, 'ml');
    assert.equal(spec.spec!.backoffLimit, 0);
    assert.equal(spec.spec!.activeDeadlineSeconds, undefined);
  });
});
