import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import type { IStepJob } from '../Executor.js';
import { ObjectArtifacts } from '../../store/ObjectArtifacts.js';
import { objectStorageConfig } from '../../store/objectStorageConfig.js';
import type { IStoredArtifact } from '../../store/RunStore.js';
import { buildJob, fromPodPath, stepConfigMap, stepFiles } from './jobSpec.js';

const HARNESS = '"""harness"""\ndef main(step, argv):\n    return 0\n';
const RUN = 'r-20261129-013502-3fa9c1';
const ROOT = '/home/u/.cellpipe/artifacts';
const POD_ENDPOINT = 'http://s3.storage.svc:9000';
// Signing is local (no request is made), so no server is needed here.
const store = new ObjectArtifacts(
  objectStorageConfig({
    url: 's3://ml-artifacts/cellpipe',
    endpoint: 'http://127.0.0.1:9',
    podEndpoint: POD_ENDPOINT,
    credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' }
  }),
  ROOT
);
const OPTIONS = {
  namespace: 'ml',
  image: 'python:3.11-slim',
  artifactsClaim: 'cellpipe-artifacts',
  artifactsRoot: ROOT,
  owner: { name: `${RUN}-programs`, uid: 'u' }
};

function artifact(step: string, name: string): IStoredArtifact {
  return {
    step,
    name,
    type: 'numpy.ndarray',
    format: 'npy',
    size: 1,
    sha256: 'x',
    path: `${store.prefix(RUN, step, name)}.npy`
  };
}

/** A step as StepRunner makes it with a bucket: `s3://` inputs and signed URLs for pods. */
async function bucketJob(
  inputs: string[],
  outputs: string[]
): Promise<IStepJob> {
  const recorded = Object.fromEntries(
    inputs.map(n => [n, artifact('load', n)])
  );
  const objects = await store.stepAccess({
    runId: RUN,
    step: 'train',
    inputs: recorded,
    outputs,
    forPods: true
  });
  return {
    runId: RUN,
    step: 'train',
    program: `${HARNESS}\nSTEP = {}\n`,
    programHash: 'abc',
    context: {
      run_id: RUN,
      inputs: Object.fromEntries(
        inputs.map(n => [n, store.prefixOf(recorded[n])])
      ),
      output_dir: store.stepDir(RUN, 'train'),
      parameters: {},
      objects
    },
    properties: {},
    cwd: '/home/u/work'
  };
}

describe('Job specs with artifacts in a bucket', () => {
  after(() => store.close());

  test('the pod mounts no claim: artifacts are an emptyDir at the same mount', async () => {
    const spec = buildJob(await bucketJob(['data'], ['model']), OPTIONS);
    const pod = spec.spec!.template.spec!;
    assert.ok(pod.volumes!.every(v => !v.persistentVolumeClaim));
    const artifacts = pod.volumes!.find(v => v.name === 'artifacts');
    assert.deepEqual(artifacts, { name: 'artifacts', emptyDir: {} });
    assert.ok(
      pod.containers[0].volumeMounts!.some(
        m => m.name === 'artifacts' && m.mountPath === '/cellpipe/artifacts'
      )
    );
  });

  test("the context keeps the signed URLs (naming the pods' endpoint) and the s3:// inputs; output_dir is in the pod", async () => {
    const job = await bucketJob(['data'], ['model']);
    const context = JSON.parse(
      stepFiles(job, HARNESS, ROOT)['train.context.json']
    ) as Required<IStepJob['context']>;
    assert.equal(
      context.inputs.data,
      `s3://ml-artifacts/cellpipe/${RUN}/load/data`
    );
    assert.equal(context.output_dir, `/cellpipe/artifacts/${RUN}/train`);
    assert.deepEqual(context.objects, job.context.objects);
    const put = context.objects.outputs.model.put;
    assert.deepEqual(Object.keys(put).sort(), [
      'bin',
      'joblib',
      'json',
      'npy',
      'pkl',
      'txt'
    ]);
    assert.ok(
      put.joblib.startsWith(
        `${POD_ENDPOINT}/ml-artifacts/cellpipe/${RUN}/train/model.joblib?`
      )
    );
    assert.ok(context.objects.inputs.data.data.startsWith(`${POD_ENDPOINT}/`));
  });

  test('the s3:// locations the harness reports come back unchanged', () => {
    const location = `s3://ml-artifacts/cellpipe/${RUN}/train/model.joblib`;
    assert.equal(fromPodPath(location, ROOT), location);
  });

  test("a step's ConfigMap stays far below the 1 MiB limit: 20 inputs and 100 outputs", async t => {
    const names = (n: number, p: string) =>
      Array.from({ length: n }, (_, i) => `${p}_${i}`);
    const one = await bucketJob(['data'], ['model']);
    const big = await bucketJob(names(20, 'input'), names(100, 'output_value'));
    const size = (job: IStepJob) =>
      Buffer.byteLength(
        JSON.stringify(
          stepConfigMap(job, OPTIONS, stepFiles(job, HARNESS, ROOT))
        )
      );
    const url = one.context.objects!.outputs.model.put.npy.length;
    t.diagnostic(
      `URL ${url} B; ConfigMap with 1 input, 1 output: ${size(one)} B; 20 inputs, 100 outputs: ${size(big)} B`
    );
    assert.ok(size(big) < 512 * 1024, `${size(big)} B`);
  });
});
