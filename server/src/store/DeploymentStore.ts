import type {
  DeploymentKind,
  DeploymentStatus,
  DeploymentTarget,
  ICreateDeploymentRequest,
  IDeployment,
  IEventEnvelope,
  IModelInput
} from '../contract/wire.js';
import type { IStoredArtifact } from './RunStore.js';

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

/** A deployment as stored: the public record plus what targets need to find it again. */
export interface IDeploymentEntry {
  deployment: IDeployment;
  source: IDeploySource;
  options: DeployOptions;
  state: IDeploymentState;
}

export interface INewDeployment {
  name: string;
  target: DeploymentTarget;
  source: IDeploySource;
  options: DeployOptions;
  state: IDeploymentState;
}

/**
 * Where deployments live, beside the runs (same file, same event sequence,
 * so one websocket `since` covers both). Each change is one transaction
 * with its event; the caller publishes the returned envelope.
 */
export interface IDeploymentStore {
  /** Throws `ConflictError` when the name is taken. */
  create(entry: INewDeployment): IEventEnvelope;
  /** Merges `state` into the stored state; undefined when the deployment is gone. */
  update(
    name: string,
    state: Partial<IDeploymentState>
  ): IEventEnvelope | undefined;
  /** Replaces what it serves (a canary's new model); undefined when it is gone. */
  revise(
    name: string,
    entry: Pick<INewDeployment, 'source' | 'options' | 'state'>
  ): IEventEnvelope | undefined;
  /** Undefined when there was nothing to delete. */
  delete(name: string): IEventEnvelope | undefined;
  get(name: string): IDeploymentEntry | undefined;
  /** Newest first; only those made from `runId` when given. */
  list(runId?: string): { seq: number; entries: IDeploymentEntry[] };
  close(): void;
}
