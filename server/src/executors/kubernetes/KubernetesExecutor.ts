import type { KubeConfig } from '../../kube/client.js';
import type { Logger } from 'pino';

import type { IClusterStatus, IExecutorInfo } from '../../contract/wire.js';
import type { IExecutor, IStepJob, StepUpdate } from '../Executor.js';
import { ClusterCalls, type IClusterCalls } from './ClusterCalls.js';
import { clusterPreflight } from './clusterPreflight.js';
import { ValidationError } from '../../errors.js';
import { probeCluster } from '../../kube/ClusterProbe.js';
import type { IKubernetesOptions } from '../../kube/kubernetesOptions.js';
import {
  type IKubeSettings,
  resolveKubeSettings
} from '../../kube/kubeSettings.js';
import { defaultStepImage, type IOwnPodPlace } from '../../kube/ownPodImage.js';
import type { IImageChoice } from '../../kube/stepImage.js';
import { NamespaceWatch } from './NamespaceWatch.js';
import { StepJob } from './StepJob.js';

export interface IKubernetesExecutorOptions extends IKubernetesOptions {
  /** The harness every program starts with (stored once per run). */
  harness: string;
  /** The server's artifact root (LocalArtifacts.root); pods mount the claim in its place. */
  artifactsRoot: string;
  /** Artifacts live in a bucket: pods mount no claim, so the cluster probe asks for none. */
  bucket?: boolean;
  logger: Logger;
  /** The pod the server runs in (default: from POD_NAME/POD_NAMESPACE or in-cluster HOSTNAME). */
  ownPod?: IOwnPodPlace | null;
}

/**
 * Runs each step as a `batch/v1` Job in one namespace. The RunService
 * drives the DAG; this submits Jobs and follows them through two informers.
 */
export class KubernetesExecutor implements IExecutor {
  readonly name = 'kubernetes';
  readonly reattaches = true;
  // Pods mount the claim, or reach a bucket through the URLs in their context.
  readonly podSteps = true;
  private readonly settings: IKubeSettings;
  private calls: IClusterCalls | null = null;
  private watch: NamespaceWatch | null = null;
  private defaultImageChoice: Promise<IImageChoice> | null = null;

  constructor(private readonly options: IKubernetesExecutorOptions) {
    this.settings = resolveKubeSettings(options);
  }

  get kubeConfig(): KubeConfig | null {
    return this.settings.kubeConfig;
  }

  get namespace(): string {
    return this.settings.namespace;
  }

  get image(): string {
    return this.settings.image;
  }

  get artifactsClaim(): string {
    return this.settings.artifactsClaim;
  }

  info(): IExecutorInfo {
    const reason = this.settings.unavailable;
    return reason === null
      ? { name: this.name, available: true }
      : { name: this.name, available: false, reason };
  }

  /**
   * The image of steps without their own (stepImage.ts): the setting, else
   * the server's own pod's, read once; a pod that cannot be read is logged
   * and the default used.
   */
  defaultImage(): Promise<IImageChoice> {
    this.defaultImageChoice ??= this.resolveDefaultImage();
    return this.defaultImageChoice;
  }

  private resolveDefaultImage(): Promise<IImageChoice> {
    return defaultStepImage(
      this.kubeConfig,
      { flag: this.options.image, ownPod: this.options.ownPod },
      message => this.options.logger.warn(message)
    );
  }

  async *run(job: IStepJob, signal: AbortSignal): AsyncIterable<StepUpdate> {
    const image = (await this.defaultImage()).image;
    // The Job's image: the step's own, else this target's default.
    job = {
      ...job,
      properties: {
        ...job.properties,
        runtime_image: job.properties.runtime_image ?? image
      }
    };
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

  /** Refuses a run at once when the namespace or (claim mode) the claim is missing or forbidden. */
  async preflight(options: { bucket: boolean }): Promise<void> {
    if (!this.kubeConfig) {
      throw new ValidationError(this.info().reason ?? 'no kubeconfig');
    }
    await clusterPreflight({
      kubeConfig: this.kubeConfig,
      namespace: this.namespace,
      image: this.image,
      artifactsClaim: this.artifactsClaim,
      bucket: options.bucket
    });
  }

  /** Reachability, version and permissions, for `GET /api/cluster`. */
  async probe(): Promise<IClusterStatus> {
    const [status, stepImage] = await Promise.all([
      probeCluster({
        kubeConfig: this.kubeConfig,
        namespace: this.namespace,
        // With a bucket no claim is mounted, so none is asked for.
        artifactsClaim: this.options.bucket ? null : this.artifactsClaim,
        unavailable: this.info().reason
      }),
      this.defaultImage()
    ]);
    return { ...status, stepImage };
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
