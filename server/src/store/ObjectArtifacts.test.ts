import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { promisify } from 'node:util';
import { after, describe, test } from 'node:test';

import { readHarness } from '../compileWiring.js';
import { buildStepProgram } from '../compiler/stepProgram.js';
import { StorageUnavailableError } from '../errors.js';
import { resolvePython } from '../pipelines/pythonExecutable.js';
import { bucketSkip, testBucket } from '../testing/testBucket.js';
import { ObjectArtifacts } from './ObjectArtifacts.js';
import {
  type IBucketCredentials,
  objectStorageConfig
} from './objectStorageConfig.js';
import type { IStoredArtifact } from './RunStore.js';
import { S3Bucket } from './S3Bucket.js';

const run = promisify(execFile);
const skip = bucketSkip();

/** A step's output as the harness leaves it in the bucket: data object and sidecar. */
async function putArtifact(
  bucket: S3Bucket,
  store: ObjectArtifacts,
  runId: string,
  name: string,
  data: string
): Promise<IStoredArtifact> {
  const key = (l: string) => l.slice(`s3://${bucket.name}/`.length);
  const path = `${store.prefix(runId, 'make', name)}.bin`;
  await bucket.put(key(path), data);
  const meta = { name, type: 'bytes', format: 'bytes', file: `${name}.bin` };
  await bucket.put(
    key(`${store.prefix(runId, 'make', name)}.json`),
    JSON.stringify({ ...meta, size: data.length })
  );
  return {
    step: 'make',
    name,
    type: 'bytes',
    format: 'bytes',
    size: data.length,
    sha256: 'x',
    path
  };
}

describe(
  'artifacts in a real S3-compatible bucket (versitygw)',
  { skip },
  () => {
    const options = skip ? undefined : testBucket();
    const config = options && objectStorageConfig(options);
    const scratch = mkdtempSync(join(tmpdir(), 'cellpipe-objects-'));
    const store = config && new ObjectArtifacts(config, scratch);
    const bucket = config && new S3Bucket(config);
    after(async () => {
      await store?.close();
      await bucket?.close();
    });

    test('put, read, check, adopt and delete: a run keeps its own objects', async () => {
      await store!.check();
      const a = await putArtifact(bucket!, store!, 'r-1', 'greeting', 'hello');
      const other = await putArtifact(
        bucket!,
        store!,
        'r-other',
        'greeting',
        'keep'
      );
      assert.equal(await store!.intact([a, other]), true);
      const { body, size } = await store!.read('r-1', a.path);
      assert.deepEqual([await text(body), size], ['hello', 5]);
      await assert.rejects(store!.read('r-2', a.path), { kind: 'not_found' });

      const [copy] = await store!.adopt([a], 'r-2', 'make');
      assert.equal(
        copy.path,
        `${store!.prefix('r-2', 'make', 'greeting')}.bin`
      );
      assert.equal(
        await text((await store!.read('r-2', copy.path)).body),
        'hello'
      );
      const prefix = `${config!.prefix}/r-2/make/`;
      assert.deepEqual((await bucket!.list(prefix)).sort(), [
        `${prefix}greeting.bin`,
        `${prefix}greeting.json`
      ]);

      await store!.deleteRun('r-1');
      assert.deepEqual(await bucket!.list(`${config!.prefix}/r-1/`), []);
      assert.equal(
        await store!.intact([a]),
        false,
        'a deleted object is not intact'
      );
      assert.equal(
        await store!.intact([copy, other]),
        true,
        'other runs keep theirs'
      );
      assert.equal(
        await store!.intact([{ ...other, size: 99 }]),
        false,
        'another size is not intact'
      );
    });

    test('locations outside the store are refused', () => {
      for (const bad of [
        `s3://${config!.bucket}/elsewhere/r-1/make/x.bin`,
        `${store!.location}/r-1/../../x.bin`,
        '/etc/passwd'
      ]) {
        assert.throws(() => store!.inside(bad), /outside/, bad);
      }
    });

    test('a real step program reads its input and writes its output through presigned URLs only', async () => {
      const input = await putArtifact(bucket!, store!, 'r-3', 'raw', 'abc');
      const program = buildStepProgram(readHarness(), {
        format: 1,
        pipeline: 'p',
        step: 'shout',
        prelude: [],
        cells: [
          { cell_id: 'c0', index: 0, source: 'loud = raw.upper() + b"!"' }
        ],
        inputs: ['raw'],
        outputs: ['loud'],
        models: [],
        parameters: {},
        metrics: []
      });
      const objects = await store!.stepAccess({
        runId: 'r-3',
        step: 'shout',
        inputs: { raw: input },
        outputs: ['loud']
      });
      const dir = store!.stepDir('r-3', 'shout');
      const files = mkdtempSync(join(tmpdir(), 'cellpipe-program-'));
      writeFileSync(join(files, 'program.py'), program);
      writeFileSync(
        join(files, 'context.json'),
        JSON.stringify({
          run_id: 'r-3',
          inputs: { raw: store!.prefixOf(input) },
          output_dir: dir,
          parameters: {},
          objects
        })
      );
      // No credentials in the step's environment: only the URLs can reach the bucket.
      const env = { PATH: process.env.PATH ?? '' };
      const { stdout } = await run(
        await resolvePython(),
        [join(files, 'program.py'), join(files, 'context.json')],
        { env }
      );
      const output = stdout
        .split('\n')
        .filter(l => l.startsWith('@@cellpipe '))
        .map(l => JSON.parse(l.slice(11)) as Record<string, unknown>)
        .find(e => e.event === 'output');
      assert.equal(
        output?.path,
        `${store!.prefix('r-3', 'shout', 'loud')}.bin`
      );
      assert.equal(
        await text((await store!.read('r-3', String(output?.path))).body),
        'ABC!'
      );
      const sidecar = await bucket!.get(
        `${config!.prefix}/r-3/shout/loud.json`
      );
      const meta = JSON.parse(await text(sidecar.body)) as { format: string };
      assert.equal(meta.format, 'bytes');
      assert.deepEqual(readdirSync(dir), [], 'no copy stays on local disk');
    });

    test('bad credentials, a missing bucket and an unreachable endpoint are told apart, with the fix', async () => {
      const cases: [Partial<typeof options>, string, RegExp][] = [
        [
          { credentials: { accessKeyId: 'nobody', secretAccessKey: 'wrong' } },
          'credentials',
          /AWS_ACCESS_KEY_ID/
        ],
        [
          {
            credentials: {
              ...(options!.credentials as IBucketCredentials),
              secretAccessKey: 'wrong'
            }
          },
          'credentials',
          /AWS_SECRET_ACCESS_KEY/
        ],
        [
          { url: 's3://no-such-bucket-cellpipe/x' },
          'no_bucket',
          /does not exist: create it/
        ],
        [
          { endpoint: 'http://127.0.0.1:9' },
          'unreachable',
          /unreachable.*CELLPIPE_S3_ENDPOINT/
        ]
      ];
      for (const [override, problem, message] of cases) {
        const broken = new ObjectArtifacts(
          objectStorageConfig({ ...options!, ...override }),
          scratch
        );
        const err = await broken.check().then(
          () => null,
          (e: unknown) => e
        );
        assert.ok(
          err instanceof StorageUnavailableError,
          `${problem}: ${String(err)}`
        );
        assert.equal(err.problem, problem);
        assert.match(err.message, message);
        await broken.close();
      }
    });

    test('credentials from a provider (a Secret): its own error passes through unchanged', async () => {
      const secretError = new StorageUnavailableError(
        'credentials',
        'Secret team/s3 lacks AWS_ACCESS_KEY_ID'
      );
      const failing = new ObjectArtifacts(
        objectStorageConfig({
          ...options!,
          credentials: () => Promise.reject(secretError)
        }),
        scratch
      );
      await assert.rejects(failing.check(), err => err === secretError);
      await failing.close();
      const good = options!.credentials as IBucketCredentials;
      const working = new ObjectArtifacts(
        objectStorageConfig({
          ...options!,
          credentials: () => Promise.resolve(good)
        }),
        scratch
      );
      await working.check();
      await working.close();
    });
  }
);

describe('object storage settings', () => {
  test('bucket URLs are checked and split into bucket and prefix', () => {
    const c = objectStorageConfig({
      url: 's3://my-bucket/a/b/',
      endpoint: 'http://x'
    });
    assert.deepEqual(
      [c.bucket, c.prefix, c.forcePathStyle, c.region],
      ['my-bucket', 'a/b', true, 'us-east-1']
    );
    assert.equal(objectStorageConfig({ url: 's3://my-bucket' }).prefix, '');
    for (const url of [
      'my-bucket',
      's3://',
      's3://UPPER/x',
      's3://b/../x',
      'gs://bucket'
    ]) {
      assert.throws(
        () => objectStorageConfig({ url }),
        { kind: 'storage_unavailable', problem: 'config' },
        url
      );
    }
  });
});
