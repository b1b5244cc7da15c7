import type { Logger } from 'pino';

import type {
  DeploymentKind,
  DeploymentStatus,
  DeploymentTarget,
  ICreateDeploymentRequest,
  IModelInput
} from '../contract/wire.js';
import type { IStoredArtifact } from '../store/RunStore.js';

/** What the DeployService resolved from the store before a target deploys. */
export interface IDeploySource {
  runId: string;
  step: string;
  /** The model artifact (with its path on this machine). */
  artifact: IStoredArtifact;
  /** Every artifact the step saved (KServe mounts the step's whole folder). */
  stepArtifacts: IStoredArtifact[];
  /** The image the step ran in on Kubernetes (`runtime_image`), if it had one. */
  stepImage: string | null;
  /** Where the run ran (`local`, `kubernetes`): a cluster sees only models on its claim. */
  runTarget?: string;
}

export type DeployOptions = Omit<
  ICreateDeploymentRequest,
  'runId' | 'step' | 'artifact' | 'name' | 'target'
>;

/** What a target reports about a deployment; the service stores and publishes it. */
export interface IDeploymentState {
  status: DeploymentStatus;
  reason: string | null;
  url: string | null;
  kind: DeploymentKind;
  restarts?: number;
  inputs?: IModelInput[] | null;
  modelFormat?: string | null;
  namespace?: string | null;
  warnings?: string[];
  /** While a canary rolls out: where the model keeping the rest of the traffic came from. */
  stable?: { runId: string; step: string; artifact: string } | null;
  /**
   * What the target needs to find its objects again after a restart (a
   * local server's pid and port, the Kubernetes objects' names); stored
   * as JSON, never sent to clients.
   */
  handle?: Record<string, unknown>;
}

/** A deployment as the store keeps it: enough for a target to pick it up again. */
export interface IDeploymentRecordForTarget {
  name: string;
  target: DeploymentTarget;
  source: IDeploySource;
  options: DeployOptions;
  state: IDeploymentState;
}

/** Called by a target whenever the deployment's state changes (from watches, health checks). */
export type ReportState = (
  name: string,
  state: Partial<IDeploymentState>
) => void;

/** The endpoint's answer to a forwarded request. */
export interface IEndpointAnswer {
  status: number;
  body: unknown;
}

/** What the composition root hands every deploy target it makes. */
export interface IDeployTargetSetup {
  /** Where deployments keep their files (`$CELLPIPE_HOME/deployments`). */
  root: string;
  python: string | Promise<string>;
  /** The model server (`server/runtime/model_server.py`). */
  modelServerScript: string;
  logger: Logger;
  /** False once the deployment was removed (by this process or the CLI). */
  stillWanted: (name: string) => boolean;
}

/** One entry of the engine's deploy-target list (`app.ts`). */
export type DeployTargetFactory = (setup: IDeployTargetSetup) => IDeployTarget;

/**
 * Where models are served. Implementations: `LocalDeployTarget` (a model
 * server process on this machine) and `KubernetesDeployTarget` (KServe, or
 * our model server in a Deployment). Failures the user can act on (cluster
 * unreachable, forbidden, a model KServe cannot load) come back as a
 * `failed` state with the reason in words; bad input throws
 * `ValidationError`; everything else is a bug.
 */
export interface IDeployTarget {
  readonly name: DeploymentTarget;
  /** What a deployment here is until the target says more (`process`, `deployment`). */
  readonly initialKind: DeploymentKind;
  /** True when it serves the model from the run's own files: the run is kept while deployed. */
  readonly servesRunFiles: boolean;
  /** What a person should know about serving this source here (e.g. a model the cluster may not see). */
  warnings?(source: IDeploySource): string[];
  /**
   * Creates what serves the model and resolves with the first state
   * (usually `deploying`; `ready` when it is ready already). Keeps
   * reporting changes through `report` until `undeploy` or `stop`.
   */
  deploy(
    name: string,
    source: IDeploySource,
    options: DeployOptions,
    report: ReportState
  ): Promise<IDeploymentState>;
  /** Picks up a deployment recorded earlier (by another process or before a restart) and reports on it. */
  resume(
    record: IDeploymentRecordForTarget,
    report: ReportState
  ): Promise<void>;
  /** Removes what serves the model; resolves once it no longer answers. */
  undeploy(record: IDeploymentRecordForTarget): Promise<void>;
  /** Sends a request to the endpoint (`path` like `/v1/models/NAME:predict`). */
  forward(
    record: IDeploymentRecordForTarget,
    path: string,
    body: unknown,
    signal: AbortSignal
  ): Promise<IEndpointAnswer>;
  /** Stops watching (the deployments keep serving). */
  stop(): Promise<void>;
}
