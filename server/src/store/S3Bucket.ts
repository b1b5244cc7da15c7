import type { Readable } from 'node:stream';

import type { S3Client } from '@aws-sdk/client-s3';

import {
  CellpipeError,
  NotFoundError,
  StorageUnavailableError
} from '../errors.js';
import type { IObjectStorageConfig } from './objectStorageConfig.js';

type Sdk = typeof import('@aws-sdk/client-s3');
type Presigner = typeof import('@aws-sdk/s3-request-presigner');

/** DeleteObjects takes at most this many keys per request. */
const DELETE_BATCH = 1000;

/**
 * One bucket through the AWS SDK, loaded on first use (the SDK costs start-up
 * time that runs with a local folder never pay). Keys are full keys; errors
 * the SDK throws for expected failures become StorageUnavailableError or
 * NotFoundError, with what to do.
 */
export class S3Bucket {
  private loaded?: Promise<{
    sdk: Sdk;
    presigner: Presigner;
    client: S3Client;
  }>;

  constructor(readonly config: IObjectStorageConfig) {}

  get name(): string {
    return this.config.bucket;
  }

  /** Lists one key under the prefix: proves endpoint, credentials and bucket. */
  async check(prefix: string): Promise<void> {
    const { sdk, client } = await this.sdk();
    await this.call(() =>
      client.send(
        new sdk.ListObjectsV2Command({
          Bucket: this.name,
          Prefix: prefix,
          MaxKeys: 1
        })
      )
    );
  }

  /** The object's size, or null when there is none. */
  async size(key: string): Promise<number | null> {
    const { sdk, client } = await this.sdk();
    try {
      const head = await this.call(() =>
        client.send(new sdk.HeadObjectCommand({ Bucket: this.name, Key: key }))
      );
      return head.ContentLength ?? null;
    } catch (err) {
      if (err instanceof NotFoundError) {
        return null;
      }
      throw err;
    }
  }

  async put(key: string, body: Buffer | string): Promise<void> {
    const { sdk, client } = await this.sdk();
    await this.call(() =>
      client.send(
        new sdk.PutObjectCommand({ Bucket: this.name, Key: key, Body: body })
      )
    );
  }

  async get(key: string): Promise<{ body: Readable; size: number }> {
    const { sdk, client } = await this.sdk();
    const out = await this.call(() =>
      client.send(new sdk.GetObjectCommand({ Bucket: this.name, Key: key }))
    );
    return { body: out.Body as Readable, size: out.ContentLength ?? 0 };
  }

  /** Server-side copy: no bytes through this process. */
  async copy(from: string, to: string): Promise<void> {
    const { sdk, client } = await this.sdk();
    await this.call(() =>
      client.send(
        new sdk.CopyObjectCommand({
          Bucket: this.name,
          Key: to,
          CopySource: `${this.name}/${from.split('/').map(encodeURIComponent).join('/')}`
        })
      )
    );
  }

  /** Every key under the prefix. */
  async list(prefix: string): Promise<string[]> {
    const { sdk, client } = await this.sdk();
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.call(() =>
        client.send(
          new sdk.ListObjectsV2Command({
            Bucket: this.name,
            Prefix: prefix,
            ContinuationToken: token
          })
        )
      );
      keys.push(...(page.Contents ?? []).flatMap(o => (o.Key ? [o.Key] : [])));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  async deleteAll(keys: readonly string[]): Promise<void> {
    const { sdk, client } = await this.sdk();
    for (let i = 0; i < keys.length; i += DELETE_BATCH) {
      const batch = keys.slice(i, i + DELETE_BATCH);
      await this.call(() =>
        client.send(
          new sdk.DeleteObjectsCommand({
            Bucket: this.name,
            Delete: { Objects: batch.map(Key => ({ Key })), Quiet: true }
          })
        )
      );
    }
  }

  /** A URL that GETs (or PUTs) the object without credentials, for `seconds`. */
  async presign(
    method: 'GET' | 'PUT',
    key: string,
    seconds: number
  ): Promise<string> {
    const { sdk, presigner, client } = await this.sdk();
    const command =
      method === 'GET'
        ? new sdk.GetObjectCommand({ Bucket: this.name, Key: key })
        : new sdk.PutObjectCommand({ Bucket: this.name, Key: key });
    return this.call(() =>
      presigner.getSignedUrl(client, command, { expiresIn: seconds })
    );
  }

  /** Closes the client's sockets. */
  async close(): Promise<void> {
    if (this.loaded) {
      (await this.loaded).client.destroy();
    }
  }

  private sdk(): Promise<{ sdk: Sdk; presigner: Presigner; client: S3Client }> {
    this.loaded ??= Promise.all([
      import('@aws-sdk/client-s3'),
      import('@aws-sdk/s3-request-presigner')
    ]).then(([sdk, presigner]) => ({
      sdk,
      presigner,
      client: new sdk.S3Client({
        region: this.config.region,
        endpoint: this.config.endpoint,
        forcePathStyle: this.config.forcePathStyle,
        credentials: this.config.credentials,
        // Checksums only where S3 requires them: S3-compatible servers differ
        // in the newer checksum headers, and presigned PUTs must not need them.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        maxAttempts: 3
      })
    }));
    return this.loaded;
  }

  private async call<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (err) {
      throw storageError(err, this.config);
    }
  }
}

interface ISdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** Codes that mean the key or secret is wrong (versitygw says XAdminUserNotFound, with a 404, for an unknown key). */
const CREDENTIAL_ERRORS = [
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'CredentialsProviderError',
  'XAdminUserNotFound'
];

/** The SDK's error as a domain error that says what to do. */
export function storageError(
  err: unknown,
  config: IObjectStorageConfig
): Error {
  if (err instanceof CellpipeError) {
    return err; // already says what to do (a credentials Secret, say)
  }
  const e = (err ?? {}) as ISdkError;
  const status = e.$metadata?.httpStatusCode;
  const name = e.name ?? e.code ?? '';
  const where = `bucket "${config.bucket}" at ${config.endpoint ?? `AWS S3 (${config.region})`}`;
  if (name === 'NoSuchBucket') {
    return new StorageUnavailableError(
      'no_bucket',
      `${where} does not exist: create it, or point CELLPIPE_ARTIFACTS at an existing bucket`
    );
  }
  if (CREDENTIAL_ERRORS.includes(name) || /credential/i.test(e.message ?? '')) {
    return new StorageUnavailableError(
      'credentials',
      `${where} refused the credentials (${name}): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`
    );
  }
  if (name === 'NoSuchKey' || name === 'NotFound' || status === 404) {
    return new NotFoundError(`no object in ${where}: ${e.message ?? name}`);
  }
  if (name === 'AccessDenied' || status === 403) {
    return new StorageUnavailableError(
      'permission',
      `${where} denied access (${name || 'HTTP 403'}): grant the credentials list, read, write and delete on it`
    );
  }
  if (status === undefined) {
    return new StorageUnavailableError(
      'unreachable',
      `${where} is unreachable (${e.message ?? name}): check the endpoint (CELLPIPE_S3_ENDPOINT) and the network`
    );
  }
  return err instanceof Error ? err : new Error(String(err));
}
