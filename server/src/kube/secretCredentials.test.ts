import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { credentialsFromSecret, parseSecretRef } from './secretCredentials.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('bucket credentials from a Kubernetes Secret', () => {
  test('a name takes the target namespace; namespace/name names its own', () => {
    assert.deepEqual(parseSecretRef('s3-creds', 'team'), {
      namespace: 'team',
      name: 's3-creds'
    });
    assert.deepEqual(parseSecretRef('infra/s3-creds', 'team'), {
      namespace: 'infra',
      name: 's3-creds'
    });
  });

  test("AWS's key names are read (KServe's convention), the session token when there is one", () => {
    assert.deepEqual(
      credentialsFromSecret('team/s3', {
        AWS_ACCESS_KEY_ID: b64('AK'),
        AWS_SECRET_ACCESS_KEY: b64('SK')
      }),
      { accessKeyId: 'AK', secretAccessKey: 'SK' }
    );
    assert.equal(
      credentialsFromSecret('team/s3', {
        AWS_ACCESS_KEY_ID: b64('AK'),
        AWS_SECRET_ACCESS_KEY: b64('SK'),
        AWS_SESSION_TOKEN: b64('T')
      }).sessionToken,
      'T'
    );
  });

  test('a Secret without the keys is a credentials problem that says how to make one', () => {
    const cases: (Record<string, string> | undefined)[] = [
      undefined,
      {},
      { AWS_ACCESS_KEY_ID: b64('AK') }
    ];
    for (const data of cases) {
      assert.throws(() => credentialsFromSecret('team/s3', data), {
        kind: 'storage_unavailable',
        problem: 'credentials',
        message:
          /kubectl create secret generic s3 -n team --from-literal=AWS_ACCESS_KEY_ID=/
      });
    }
  });
});
