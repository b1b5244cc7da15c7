import type { Logger } from 'pino';

import type { IArtifactStore } from '../store/ArtifactStore.js';

import type { DeploymentKind, DeploymentTarget } from '../contract/wire.js';
import type {
  DeployOptions,
  IDeploymentState,
  IDeploySource
} from '../store/DeploymentStore.js';

// The stored parts of a deployment are the store's vocabulary; targets speak it too.
export type { DeployOptions, IDeploymentState, IDeploySource };

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
  /** Where runs' artifacts live (a model in a bucket is fetched from it). */
  artifacts?: IArtifactStore;
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
  /**
   * The secret a direct caller of the endpoint sends as `Authorization:
   * Bearer` (a local model server's); none where the platform decides who
   * may call (KServe).
   */
  endpointToken?(record: IDeploymentRecordForTarget): Promise<string | null>;
  /** Stops watching (the deployments keep serving). */
  stop(): Promise<void>;
}
