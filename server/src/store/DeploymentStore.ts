import type {
  DeploymentTarget,
  IDeployment,
  IEventEnvelope
} from '../contract/wire.js';
import type {
  DeployOptions,
  IDeploymentState,
  IDeploySource
} from '../serving/DeployTarget.js';

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
