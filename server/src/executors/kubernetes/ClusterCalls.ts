import {
  BatchV1Api,
  CoreV1Api,
  type KubeConfig,
  Log,
  type V1ConfigMap,
  type V1Job
} from '../../kube/client.js';

import { Semaphore } from '../Semaphore.js';

import type { IStepJob } from '../Executor.js';
import {
  buildJob,
  configMapName,
  HARNESS_KEY,
  PROGRAM_HASH,
  runConfigMap,
  stepConfigMap,
  stepFiles
} from './jobSpec.js';
import {
  describeKubeError,
  isConflict,
  isNotFound,
  type IKubeFailure
} from '../../kube/kubeErrors.js';

const MAX_SUBMITS_IN_FLIGHT = 32;

export type SubmitResult =
  { ok: true; adopted: boolean } | { ok: false; failure: IKubeFailure };

/** The API requests the executor makes; every other state comes from the informers. */
export interface IClusterCalls {
  readonly log: Log;
  /** Creates the step's ConfigMap and Job (at most a few at once); an existing same Job is adopted. */
  submitStep(job: IStepJob, signal: AbortSignal): Promise<SubmitResult>;
  /** Deletes a step's Job and (in the background) its pods; a missing Job is fine. */
  deleteJob(name: string): Promise<void>;
  /** Deletes a run's ConfigMap; the garbage collector deletes its Jobs and their pods. */
  deleteRun(runId: string): Promise<void>;
}

export interface IClusterCallsOptions {
  namespace: string;
  image: string;
  artifactsClaim: string;
  artifactsRoot: string;
  harness: string;
}

/**
 * Per step: one ConfigMap create (the step's program and context) and one
 * Job create; per run one ConfigMap create (the harness). A Job that
 * already exists with the same program (an earlier server made it) is
 * adopted, which is how a restarted server re-attaches.
 */
export class ClusterCalls implements IClusterCalls {
  readonly log: Log;
  private readonly batch: BatchV1Api;
  private readonly core: CoreV1Api;
  /** Bounds the mutating requests in flight (the API server answers 429 beyond its limit). */
  private readonly slots = new Semaphore(MAX_SUBMITS_IN_FLIGHT);
  private readonly owners = new Map<
    string,
    Promise<{ name: string; uid: string }>
  >();

  constructor(
    kc: KubeConfig,
    private readonly options: IClusterCallsOptions
  ) {
    this.batch = kc.makeApiClient(BatchV1Api);
    this.core = kc.makeApiClient(CoreV1Api);
    this.log = new Log(kc);
  }

  async submitStep(job: IStepJob, signal: AbortSignal): Promise<SubmitResult> {
    const { namespace, harness, artifactsRoot } = this.options;
    const release = await this.slots.acquire(signal);
    if (!release) {
      return {
        ok: false,
        failure: { unreachable: false, status: null, message: 'cancelled' }
      };
    }
    try {
      const owner = await this.runOwner(job.runId);
      const files = stepFiles(job, harness, artifactsRoot);
      await this.createOrReplace(
        stepConfigMap(job, { namespace, owner }, files)
      );
      const body = buildJob(job, { ...this.options, owner });
      try {
        await this.batch.createNamespacedJob({ namespace, body });
        return { ok: true, adopted: false };
      } catch (err) {
        if (!isConflict(err)) {
          throw err;
        }
        return await this.adopt(body);
      }
    } catch (err) {
      return { ok: false, failure: describeKubeError(err) };
    } finally {
      release();
    }
  }

  /** A step's ConfigMap left by an earlier server (re-attach) is brought up to date. */
  private async createOrReplace(body: V1ConfigMap): Promise<void> {
    const namespace = this.options.namespace;
    try {
      await this.core.createNamespacedConfigMap({ namespace, body });
    } catch (err) {
      if (!isConflict(err)) {
        throw err;
      }
      const name = body.metadata!.name!;
      await this.core.replaceNamespacedConfigMap({ name, namespace, body });
    }
  }

  async deleteJob(name: string): Promise<void> {
    try {
      await this.batch.deleteNamespacedJob({
        name,
        namespace: this.options.namespace,
        propagationPolicy: 'Background'
      });
    } catch (err) {
      if (!isNotFound(err)) {
        throw err;
      }
    }
  }

  async deleteRun(runId: string): Promise<void> {
    this.owners.delete(runId);
    try {
      await this.core.deleteNamespacedConfigMap({
        name: configMapName(runId),
        namespace: this.options.namespace,
        propagationPolicy: 'Background'
      });
    } catch (err) {
      if (!isNotFound(err)) {
        throw err;
      }
    }
  }

  /** The same program again (a re-attach) is adopted; another one replaces a leftover Job. */
  private async adopt(body: V1Job): Promise<SubmitResult> {
    const name = body.metadata!.name!;
    const namespace = this.options.namespace;
    const existing = await this.batch.readNamespacedJob({ name, namespace });
    const hash = body.metadata!.annotations![PROGRAM_HASH];
    if (existing.metadata?.annotations?.[PROGRAM_HASH] === hash) {
      return { ok: true, adopted: true };
    }
    await this.batch.deleteNamespacedJob({
      name,
      namespace,
      propagationPolicy: 'Foreground'
    });
    throw new Error(
      `a different Job named ${name} exists and is being deleted; try again`
    );
  }

  private runOwner(runId: string): Promise<{ name: string; uid: string }> {
    let owner = this.owners.get(runId);
    if (!owner) {
      owner = this.createRunConfigMap(runId);
      owner.catch(() => this.owners.delete(runId));
      this.owners.set(runId, owner);
    }
    return owner;
  }

  private async createRunConfigMap(
    runId: string
  ): Promise<{ name: string; uid: string }> {
    const namespace = this.options.namespace;
    const name = configMapName(runId);
    try {
      const created = await this.core.createNamespacedConfigMap({
        namespace,
        body: runConfigMap(runId, namespace, this.options.harness)
      });
      return { name, uid: created.metadata!.uid! };
    } catch (err) {
      if (!isConflict(err)) {
        throw err;
      }
      const existing = await this.core.readNamespacedConfigMap({
        name,
        namespace
      });
      if (existing.data?.[HARNESS_KEY] === undefined) {
        throw new Error(
          `ConfigMap ${name} exists but was not made by Cellpipe`
        );
      }
      return { name, uid: existing.metadata!.uid! };
    }
  }
}
