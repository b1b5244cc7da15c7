import { readFileSync } from 'node:fs';

import type { KubeConfig } from '../../kube/client.js';
import type { Logger } from 'pino';

import type { IKubernetesOptions } from '../../kube/kubernetesOptions.js';
import type { IModelInput } from '../../contract/wire.js';
import type {
  DeployOptions,
  IDeploymentRecordForTarget,
  IDeploymentState,
  IDeploySource,
  IDeployTarget,
  IEndpointAnswer,
  ReportState
} from '../DeployTarget.js';
import { deleteObjects } from './deleteDeployment.js';
import { DeployCalls, type KubeHandle, readHandle } from './deployCalls.js';
import {
  DeploymentTracker,
  type ITrackerContext
} from './DeploymentTracker.js';
import { planDeploy, type ServerFiles } from './deployPlan.js';
import { deployingState, failed } from './deployStates.js';
import { DeployWatch } from './DeployWatch.js';
import {
  type IKubeSettings,
  resolveKubeSettings
} from '../../kube/kubeSettings.js';
import { proxyRequest } from './serviceProxy.js';

export interface IKubernetesDeployTargetOptions {
  /** The same options as the Kubernetes executor (kubeconfig, namespace, image, artifacts claim). */
  options: IKubernetesOptions;
  logger: Logger;
  /** model_server.py and model_protocols.py; read from server/runtime/ when not given. */
  serverFiles?: ServerFiles;
  /** How long to wait for the API server's first answer when deploying; default 15 s. */
  answerTimeoutMs?: number;
  /** The ServiceAccount of InferenceServices whose model is in a bucket; default `$CELLPIPE_KSERVE_SERVICE_ACCOUNT`, else `cellpipe-s3`. */
  s3ServiceAccount?: string;
}

/** The name docs/storage.md gives the S3 credentials Secret, and so its ServiceAccount. */
export const DEFAULT_S3_SERVICE_ACCOUNT = 'cellpipe-s3';

const RUNTIME_DIR = new URL('../../../runtime/', import.meta.url);
const INPUTS_TIMEOUT_MS = 5_000;
/** How long resume() waits for the watches' first list. */
const RESUME_WAIT_MS = 10_000;

/**
 * Serves models on Kubernetes: a KServe InferenceService where the cluster
 * serves `serving.kserve.io/v1beta1` (found by API discovery, which needs no
 * permission), else Cellpipe's model server as a ConfigMap (its code, the
 * owner of the rest) + Deployment + Service. States come from informers
 * selected by `cellpipe.io/deployment` (one per kind and namespace), test
 * requests go through the API server's service proxy. Failures the user can
 * act on (unreachable, forbidden, a model that cannot load) are `failed`
 * states with the reason in words.
 */
export class KubernetesDeployTarget implements IDeployTarget {
  readonly name = 'kubernetes';
  readonly initialKind = 'deployment';
  /** Pods mount the run's folder on the artifacts claim. */
  readonly servesRunFiles = true;
  private readonly settings: IKubeSettings;
  private readonly watches = new Map<string, DeployWatch>();
  private readonly trackers = new Map<string, DeploymentTracker>();
  private readonly inFlight = new AbortController();
  private serverFiles: ServerFiles | undefined;
  private stopped = false;

  /**
   * A model a local run saved is on the cluster's artifacts claim only when
   * the server's artifacts folder is that claim (a server in the cluster);
   * one in a bucket is where KServe reads it, wherever it ran.
   */
  warnings(source: IDeploySource): string[] {
    if (
      source.runTarget === this.name ||
      source.artifact.path.startsWith('s3://')
    ) {
      return [];
    }
    return [
      `run ${source.runId} ran ${source.runTarget ?? 'elsewhere'}: the cluster finds its model ` +
        'on the artifacts claim only if this server keeps its artifacts there'
    ];
  }

  constructor(private readonly config: IKubernetesDeployTargetOptions) {
    this.settings = resolveKubeSettings(config.options);
    this.serverFiles = config.serverFiles;
  }

  /** The namespace new deployments go to. */
  get namespace(): string {
    return this.settings.namespace;
  }

  async deploy(
    name: string,
    source: IDeploySource,
    options: DeployOptions,
    report: ReportState
  ): Promise<IDeploymentState> {
    const kc = this.settings.kubeConfig;
    const namespace = this.settings.namespace;
    if (!kc) {
      return failed('deployment', namespace, this.settings.unavailable!);
    }
    const calls = new DeployCalls(kc, this.config.answerTimeoutMs);
    const kserve = await calls.discoverKServe();
    if (typeof kserve === 'string') {
      return failed('deployment', namespace, kserve);
    }
    const plan = planDeploy(name, source, options, {
      namespace,
      artifactsClaim: this.settings.artifactsClaim,
      s3ServiceAccount:
        this.config.s3ServiceAccount ??
        process.env.CELLPIPE_KSERVE_SERVICE_ACCOUNT ??
        DEFAULT_S3_SERVICE_ACCOUNT,
      stepImage: this.settings.image,
      kserve,
      serverFiles: () => this.readServerFiles()
    });
    const created =
      plan.kind === 'inference-service'
        ? await calls.createInferenceService(name, namespace, plan)
        : await calls.createModelServer(name, namespace, plan);
    if (typeof created === 'string') {
      return failed(plan.kind, namespace, created, plan.warnings);
    }
    const state = deployingState(plan, created, namespace, options);
    // Reports start after the caller has stored this first state.
    void this.track(name, state, report, { existing: false, wasReady: false });
    return state;
  }

  /** Resolves once the watches have listed (at most RESUME_WAIT_MS), so the state is current. */
  async resume(
    record: IDeploymentRecordForTarget,
    report: ReportState
  ): Promise<void> {
    const listed = this.reattach(record, report);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      listed,
      new Promise(resolve => {
        timer = setTimeout(resolve, RESUME_WAIT_MS);
      })
    ]);
    clearTimeout(timer);
  }

  private reattach(
    record: IDeploymentRecordForTarget,
    report: ReportState
  ): Promise<void> {
    if (this.trackers.has(record.name) || this.stopped) {
      return Promise.resolve();
    }
    const handle = readHandle(record.state.handle);
    if (!handle) {
      return Promise.resolve(); // nothing was created
    }
    if (!this.settings.kubeConfig) {
      report(record.name, {
        status: 'failed',
        reason: `cannot follow it: ${this.settings.unavailable}`
      });
      return Promise.resolve();
    }
    const wasReady =
      record.state.status === 'ready' || record.state.status === 'unready';
    return this.track(record.name, record.state, report, {
      existing: true,
      wasReady
    });
  }

  async undeploy(record: IDeploymentRecordForTarget): Promise<void> {
    this.untrack(record.name);
    const handle = readHandle(record.state.handle);
    const kc = this.settings.kubeConfig;
    if (!handle || !kc) {
      return;
    }
    await deleteObjects(kc, record.state.kind, handle);
  }

  async forward(
    record: IDeploymentRecordForTarget,
    path: string,
    body: unknown,
    signal: AbortSignal
  ): Promise<IEndpointAnswer> {
    const kc = this.settings.kubeConfig;
    if (!kc) {
      throw new Error(this.settings.unavailable!);
    }
    const handle =
      this.trackers.get(record.name)?.handle ?? readHandle(record.state.handle);
    if (!handle) {
      throw new Error(
        `deployment "${record.name}" has no Kubernetes objects to send requests to`
      );
    }
    return proxyRequest(kc, {
      namespace: handle.namespace,
      service: handle.service,
      port: handle.port,
      path,
      body,
      signal
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.inFlight.abort();
    for (const name of [...this.trackers.keys()]) {
      this.untrack(name);
    }
    const watches = [...this.watches.values()];
    this.watches.clear();
    await Promise.all(watches.map(w => w.stop()));
  }

  private track(
    name: string,
    state: IDeploymentState,
    report: ReportState,
    how: { existing: boolean; wasReady: boolean }
  ): Promise<void> {
    const handle = readHandle(state.handle)!;
    const kc = this.settings.kubeConfig!;
    this.untrack(name);
    if (this.stopped) {
      return Promise.resolve();
    }
    const watch = this.watch(kc, handle.namespace);
    const ctx: ITrackerContext = {
      watch,
      readInputs: h => this.readInputs(kc, name, h),
      report: partial => report(name, partial)
    };
    const tracker = new DeploymentTracker(name, state, handle, how, ctx);
    this.trackers.set(name, tracker);
    if (how.existing) {
      return tracker.start();
    }
    // The caller stores the state deploy() resolves with once the promise
    // settles; a report before that would be overwritten.
    setImmediate(() => {
      if (this.trackers.get(name) === tracker) {
        void tracker.start();
      }
    });
    return Promise.resolve();
  }

  private untrack(name: string): void {
    this.trackers.get(name)?.stop();
    this.trackers.delete(name);
  }

  private watch(kc: KubeConfig, namespace: string): DeployWatch {
    let watch = this.watches.get(namespace);
    if (!watch) {
      watch = new DeployWatch(kc, namespace, this.config.logger);
      this.watches.set(namespace, watch);
    }
    return watch;
  }

  /** The model's inputs from its Open Inference metadata, through the proxy; null when it does not say. */
  private async readInputs(
    kc: KubeConfig,
    name: string,
    handle: KubeHandle
  ): Promise<IModelInput[] | null> {
    try {
      const answer = await proxyRequest(kc, {
        namespace: handle.namespace,
        service: handle.service,
        port: handle.port,
        path: `/v2/models/${name}`,
        body: undefined,
        signal: AbortSignal.any([
          this.inFlight.signal,
          AbortSignal.timeout(INPUTS_TIMEOUT_MS)
        ])
      });
      const inputs = (answer.body as { inputs?: unknown } | null)?.inputs;
      return answer.status === 200 && Array.isArray(inputs) && inputs.length > 0
        ? (inputs as IModelInput[])
        : null;
    } catch {
      return null;
    }
  }

  private readServerFiles(): ServerFiles {
    this.serverFiles ??= {
      'model_server.py': readFileSync(
        new URL('model_server.py', RUNTIME_DIR),
        'utf8'
      ),
      'model_protocols.py': readFileSync(
        new URL('model_protocols.py', RUNTIME_DIR),
        'utf8'
      )
    };
    return this.serverFiles;
  }
}
