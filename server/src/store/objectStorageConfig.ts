import { StorageUnavailableError } from '../errors.js';

/** Where artifacts go when they go to a bucket (docs/storage.md). */
export interface IObjectStorageOptions {
  /** `s3://bucket` or `s3://bucket/prefix`. */
  url: string;
  /** An S3-compatible server's URL; default: AWS's endpoint for the region. */
  endpoint?: string;
  /**
   * The same server's URL as step pods reach it (a Service, say), when it
   * differs from `endpoint`: the URLs signed for pods name this host.
   */
  podEndpoint?: string;
  region?: string;
  /** Default: the `secret`'s, else the AWS SDK's chain (AWS_ACCESS_KEY_ID, profiles, instance roles). */
  credentials?: IBucketCredentials | (() => Promise<IBucketCredentials>);
  /** A Kubernetes Secret (`name` or `namespace/name`) with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. */
  secret?: string;
  /** `http://endpoint/bucket/key` instead of `http://bucket.endpoint/key`; default: true with an endpoint. */
  forcePathStyle?: boolean;
  /** How long the URLs a step gets stay valid; default a day (at least the step's timeout). */
  urlTtlSeconds?: number;
}

export interface IBucketCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The options, checked, with the bucket and key prefix split out. */
export interface IObjectStorageConfig extends IObjectStorageOptions {
  bucket: string;
  /** Key prefix without slashes at either end ('' for the bucket's root). */
  prefix: string;
  region: string;
  forcePathStyle: boolean;
  urlTtlSeconds: number;
}

const DAY = 24 * 3600;
// S3's bucket rules (3-63 characters, lower case, digits, dots, hyphens).
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Reads and checks the options; a bad URL is a `config` problem with the fix. */
export function objectStorageConfig(
  options: IObjectStorageOptions
): IObjectStorageConfig {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(options.url);
  if (!match || !BUCKET.test(match[1])) {
    throw new StorageUnavailableError(
      'config',
      `artifact store "${options.url}" is not a bucket URL: write s3://BUCKET or s3://BUCKET/PREFIX`
    );
  }
  const prefix = match[2].replace(/^\/+|\/+$/g, '');
  if (prefix.split('/').some(p => p === '..' || p === '.')) {
    throw new StorageUnavailableError(
      'config',
      `artifact store "${options.url}": the prefix may not contain . or .. segments`
    );
  }
  return {
    ...options,
    bucket: match[1],
    prefix,
    region: options.region ?? 'us-east-1',
    forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
    urlTtlSeconds: options.urlTtlSeconds ?? DAY
  };
}

/**
 * The options from the environment: the bucket URL from
 * `CELLPIPE_ARTIFACTS`, the endpoint from `CELLPIPE_S3_ENDPOINT` or AWS's own
 * `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL` (as pods reach it:
 * `CELLPIPE_S3_POD_ENDPOINT`), the region from `AWS_REGION`
 * or `AWS_DEFAULT_REGION`, a Kubernetes Secret with the credentials from
 * `CELLPIPE_S3_SECRET`; without one, credentials are the AWS SDK's chain
 * (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY first).
 */
export function objectStorageFromEnv(
  url: string,
  env: NodeJS.ProcessEnv = process.env
): IObjectStorageOptions {
  const endpoint =
    env.CELLPIPE_S3_ENDPOINT ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const ttl = Number(env.CELLPIPE_S3_URL_TTL_SECONDS);
  return {
    url,
    ...(env.CELLPIPE_S3_SECRET ? { secret: env.CELLPIPE_S3_SECRET } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(env.CELLPIPE_S3_POD_ENDPOINT
      ? { podEndpoint: env.CELLPIPE_S3_POD_ENDPOINT }
      : {}),
    ...(region ? { region } : {}),
    ...(env.CELLPIPE_S3_PATH_STYLE
      ? { forcePathStyle: env.CELLPIPE_S3_PATH_STYLE !== 'false' }
      : {}),
    ...(ttl > 0 ? { urlTtlSeconds: ttl } : {})
  };
}
