import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';

import type { IClusterStatus, IExecutorInfo } from '../../contract/wire.js';
import type { IExecutor, IStepJob, StepUpdate } from '../Executor.js';
import { ClusterCalls, type IClusterCalls } from './ClusterCalls.js';
import { probeCluster } from '../../kube/ClusterProbe.js';
import {
  DEFAULT_ARTIFACTS_CLAIM,
  DEFAULT_STEP_IMAGE,
  type IKubernetesOptions
} from '../../kube/kubernetesOptions.js';
import { NamespaceWatch } from './NamespaceWatch.js';
import { StepJob } from './StepJob.js';

export interface IKubernetesExecutorOptions extends IKubernetesOptions {
  /** The harness every program starts with (stored once per run). */
  harness: string;
  /** The server's artifact root (LocalArtifacts.root); pods mount the claim in its place. */
  artifactsRoot: string;
  logger: Logger;
}

/** A kubeconfig, or null when none is found (the target is then unavailable). */
export function loadKubeConfig(path?: string): KubeConfig | null {
  const kc = new KubeConfig();
  const file =
    path ?? process.env.KUBECONFIG ?? join(homedir(), '.kube', 'config');
  if (path || existsSync(file.split(':')[0])) {
    kc.loadFromFile(file);
    return kc;
  }
  if (process.env.KUBERNETES_SERVICE_HOST) {
    kc.loadFromCluster();
    return kc;
  }
  return null;
}

/**
 * Runs each step as a `batch/v1` Job in one namespace. The RunService
 * drives the DAG; this submits Jobs and follows them through two informers.
 */
export class KubernetesExecutor implements IExecutor {
  readonly name = 'kubernetes';
  readonly reattaches = true;
  readonly namespace: string;
  readonly kubeConfig: KubeConfig | null;
  private readonly loadError: string | null = null;
  private calls: IClusterCalls | null = null;
  private watch: NamespaceWatch | null = null;

  constructor(private readonly options: IKubernetesExecutorOptions) {
    let kc: KubeConfig | null = null;
    try {
      kc = loadKubeConfig(options.kubeconfig);
    } catch (err) {
      this.loadError = `cannot read the kubeconfig: ${(err as Error).message}`;
    }
    this.kubeConfig = kc;
    this.namespace =
      options.namespace ??
      process.env.CELLPIPE_NAMESPACE ??
      kc?.getContextObject(kc.getCurrentContext())?.namespace ??
      'default';
  }

  info(): IExecutorInfo {
    if (this.kubeConfig) {
      return { name: this.name, available: true };
    }
    return {
      name: this.name,
      available: false,
      reason:
        this.loadError ??
        'no Kubernetes configuration found (set KUBECONFIG, pass --kubeconfig, or run in a cluster)'
    };
  }

  get image(): string {
    return (
      this.options.image ??
      process.env.CELLPIPE_STEP_IMAGE ??
      DEFAULT_STEP_IMAGE
    );
  }

  get artifactsClaim(): string {
    return (
      this.options.artifactsClaim ??
      process.env.CELLPIPE_ARTIFACTS_CLAIM ??
      DEFAULT_ARTIFACTS_CLAIM
    );
  }

  async *run(job: IStepJob, signal: AbortSignal): AsyncIterable<StepUpdate> {
    const { calls, watch } = this.connect();
    const step = new StepJob(
      {
        calls,
        watch,
        artifactsRoot: this.options.artifactsRoot,
        unreachableGraceMs: this.options.unreachableGraceMs ?? 60_000,
        unschedulableGraceMs: this.options.unschedulableGraceMs ?? 120_000,
        linesSeen: job.linesSeen
      },
      job
    );
    yield* step.run(signal);
  }

  /** Reachability, version and permissions, for `GET /api/cluster`. */
  probe(): Promise<IClusterStatus> {
    return probeCluster({
      kubeConfig: this.kubeConfig,
      namespace: this.namespace,
      artifactsClaim: this.artifactsClaim,
      unavailable: this.info().reason
    });
  }

  /** Deletes what a run left in the cluster (its ConfigMap owns its Jobs). */
  async deleteRun(runId: string): Promise<void> {
    if (this.kubeConfig) {
      await this.connect().calls.deleteRun(runId);
    }
  }

  async stop(): Promise<void> {
    await this.watch?.stop();
    this.watch = null;
  }

  /** The watches start with the first step, so a server that never runs on Kubernetes never calls it. */
  private connect(): { calls: IClusterCalls; watch: NamespaceWatch } {
    if (!this.kubeConfig) {
      throw new Error(this.info().reason);
    }
    this.calls ??= new ClusterCalls(this.kubeConfig, {
      namespace: this.namespace,
      image: this.image,
      artifactsClaim: this.artifactsClaim,
      artifactsRoot: this.options.artifactsRoot,
      harness: this.options.harness
    });
    this.watch ??= new NamespaceWatch(
      this.kubeConfig,
      this.namespace,
      this.options.logger
    );
    return { calls: this.calls, watch: this.watch };
  }
}
