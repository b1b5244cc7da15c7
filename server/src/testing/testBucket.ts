import { randomBytes } from 'node:crypto';

import type { IObjectStorageOptions } from '../store/objectStorageConfig.js';

/**
 * The real S3-compatible server (server/test/s3/up.sh, versitygw) that
 * `scripts/test.sh` starts; up.sh prints the CELLPIPE_TEST_S3_* variables.
 * Without them the bucket tests are skipped, unless
 * `CELLPIPE_TEST_S3=required` (CI) makes that a failure.
 */
const ENDPOINT = process.env.CELLPIPE_TEST_S3_ENDPOINT;

export function bucketSkip(): string | false {
  if (ENDPOINT) {
    return false;
  }
  if (process.env.CELLPIPE_TEST_S3 === 'required') {
    throw new Error(
      'CELLPIPE_TEST_S3=required but CELLPIPE_TEST_S3_ENDPOINT is not set'
    );
  }
  return 'no test S3 server (eval "$(server/test/s3/up.sh)")';
}

/** The test bucket under a fresh prefix, so tests never see each other's objects. */
export function testBucket(
  overrides: Partial<IObjectStorageOptions> = {}
): IObjectStorageOptions {
  const bucket = process.env.CELLPIPE_TEST_S3_BUCKET ?? 'cellpipe-test';
  return {
    url: `s3://${bucket}/t-${randomBytes(4).toString('hex')}`,
    endpoint: ENDPOINT,
    region: 'us-east-1',
    credentials: {
      accessKeyId: process.env.CELLPIPE_TEST_S3_ACCESS_KEY ?? '',
      secretAccessKey: process.env.CELLPIPE_TEST_S3_SECRET_KEY ?? ''
    },
    ...overrides
  };
}
