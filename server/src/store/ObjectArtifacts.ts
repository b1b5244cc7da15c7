import { rm } from 'node:fs/promises';
import { join, posix, resolve } from 'node:path';
import type { Readable } from 'node:stream';

import { NotFoundError } from '../errors.js';
import type {
  IArtifactStore,
  IStepAccess,
  IStepAccessRequest
} from './ArtifactStore.js';
import type { IStoredArtifact } from './RunStore.js';
import type { IObjectStorageConfig } from './objectStorageConfig.js';
import { S3Bucket } from './S3Bucket.js';

/** Every data extension the harness may pick (its `_writer`), and the sidecar's. */
const EXTENSIONS = ['npy', 'pkl', 'bin', 'txt', 'joblib', 'json'];
/** SigV4 allows presigned URLs for at most seven days. */
const MAX_TTL = 7 * 24 * 3600;

/**
 * Artifacts in an S3-compatible bucket: `s3://<bucket>/<prefix>/<run>/<step>/<name>.<ext>`
 * plus sidecars, the same tree as the local folder. Steps reach it through
 * presigned URLs (runtime/object_values.py); the server reads it for
 * caching, downloads and deletes. A local folder (`root`) still holds each
 * step's program and context, and outputs until they are uploaded.
 */
export class ObjectArtifacts implements IArtifactStore {
  readonly root: string;
  private readonly bucket: S3Bucket;
  /** Signs the URLs of steps in pods (no requests: signing is local). */
  private readonly podBucket: S3Bucket;

  constructor(
    readonly config: IObjectStorageConfig,
    scratch: string
  ) {
    this.root = resolve(scratch);
    this.bucket = new S3Bucket(config);
    this.podBucket = config.podEndpoint
      ? new S3Bucket({ ...config, endpoint: config.podEndpoint })
      : this.bucket;
  }

  /** `s3://bucket/prefix` */
  get location(): string {
    return `s3://${this.config.bucket}/${this.config.prefix}`.replace(
      /\/$/,
      ''
    );
  }

  stepDir(runId: string, step: string): string {
    return join(this.root, runId, step);
  }

  prefix(runId: string, step: string, name: string): string {
    return `${this.location}/${runId}/${step}/${name}`;
  }

  prefixOf(artifact: IStoredArtifact): string {
    // A URL, not a path: path.join would fold `s3://` into `s3:/`.
    const path = this.inside(artifact.path);
    return `${path.slice(0, path.lastIndexOf('/'))}/${artifact.name}`;
  }

  async check(): Promise<void> {
    await this.bucket.check(this.key(`${this.location}/`));
  }

  async deleteRun(runId: string): Promise<void> {
    const keys = await this.bucket.list(this.key(`${this.location}/${runId}/`));
    await this.bucket.deleteAll(keys);
    await rm(join(this.root, runId), { recursive: true, force: true });
  }

  async read(
    runId: string,
    path: string
  ): Promise<{ body: Readable; size: number }> {
    if (!this.inside(path).startsWith(`${this.location}/${runId}/`)) {
      throw new NotFoundError(`no artifact ${path} in run ${runId}`);
    }
    return this.bucket.get(this.key(path));
  }

  /** True when every object still exists with the recorded size. */
  async intact(artifacts: readonly IStoredArtifact[]): Promise<boolean> {
    for (const a of artifacts) {
      if ((await this.bucket.size(this.key(a.path))) !== a.size) {
        return false;
      }
    }
    return true;
  }

  /** Server-side copies of the cached objects and their sidecars into the new run. */
  async adopt(
    artifacts: readonly IStoredArtifact[],
    runId: string,
    step: string
  ): Promise<IStoredArtifact[]> {
    const adopted: IStoredArtifact[] = [];
    for (const a of artifacts) {
      const target = `${this.prefix(runId, step, a.name)}${posix.extname(a.path)}`;
      await this.bucket.copy(this.key(a.path), this.key(target));
      await this.bucket.copy(
        this.key(`${this.prefixOf(a)}.json`),
        this.key(`${this.prefix(runId, step, a.name)}.json`)
      );
      adopted.push({ ...a, step, path: target });
    }
    return adopted;
  }

  /**
   * GET URLs for the inputs' objects, PUT URLs for every file the step may
   * write; valid for the TTL, or the step's timeout and an hour when longer.
   */
  async stepAccess(request: IStepAccessRequest): Promise<IStepAccess> {
    const ttl = Math.min(
      MAX_TTL,
      Math.max(this.config.urlTtlSeconds, (request.timeoutSeconds ?? 0) + 3600)
    );
    const signer = request.forPods ? this.podBucket : this.bucket;
    const sign = (method: 'GET' | 'PUT', location: string) =>
      signer.presign(method, this.key(location), ttl);
    const inputs: IStepAccess['inputs'] = {};
    for (const [name, a] of Object.entries(request.inputs)) {
      inputs[name] = {
        sidecar: await sign('GET', `${this.prefixOf(a)}.json`),
        data: await sign('GET', a.path)
      };
    }
    const outputs: IStepAccess['outputs'] = {};
    for (const name of request.outputs) {
      const location = this.prefix(request.runId, request.step, name);
      const put: Record<string, string> = {};
      for (const ext of EXTENSIONS) {
        put[ext] = await sign('PUT', `${location}.${ext}`);
      }
      outputs[name] = { location, put };
    }
    return { inputs, outputs };
  }

  /**
   * A pod resolves 127.0.0.1 and localhost to itself: URLs signed for such
   * an endpoint cannot reach the server from a pod, so a run there is
   * refused, unless CELLPIPE_S3_POD_ENDPOINT names the address pods use.
   */
  podReachProblem(): string | null {
    const endpoint = this.config.endpoint;
    if (this.config.podEndpoint || !endpoint || !isLoopback(endpoint)) {
      return null;
    }
    return (
      `the bucket's endpoint ${endpoint} is a loopback address, which step pods cannot reach: ` +
      'set CELLPIPE_S3_ENDPOINT to an address pods reach (e.g. http://s3.storage.svc:9000), ' +
      'or CELLPIPE_S3_POD_ENDPOINT to the address pods reach the same server at'
    );
  }

  /** Refuses any location outside the store's prefix (defence in depth). */
  inside(path: string): string {
    const rest = path.startsWith(`${this.location}/`)
      ? path.slice(this.location.length + 1)
      : null;
    if (
      !rest ||
      rest.split('/').some(p => p === '' || p === '.' || p === '..')
    ) {
      throw new Error(`artifact location outside ${this.location}: ${path}`);
    }
    return path;
  }

  async close(): Promise<void> {
    await this.bucket.close();
    if (this.podBucket !== this.bucket) {
      await this.podBucket.close();
    }
  }

  /** The object key of a location inside the store. */
  private key(location: string): string {
    const bucketUrl = `s3://${this.config.bucket}/`;
    return location.startsWith(bucketUrl)
      ? location.slice(bucketUrl.length)
      : location;
  }
}

/** 127.0.0.0/8, ::1, localhost (and its subdomains), 0.0.0.0. */
export function isLoopback(endpoint: string): boolean {
  let host: string;
  try {
    host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return false;
  }
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    host === '0.0.0.0' ||
    /^127\.\d+\.\d+\.\d+$/.test(host)
  );
}
