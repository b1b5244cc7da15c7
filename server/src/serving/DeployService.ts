import type { Logger } from 'pino';

import type { IEventSink } from '../store/EventSink.js';
import {
  CellpipeError,
  ConflictError,
  EndpointUnreachableError,
  NotFoundError,
  NotReadyError,
  ValidationError
} from '../errors.js';
import type {
  DeploymentTarget,
  ICreateDeploymentRequest,
  IDeployment,
  IDeploymentList,
  IPredictResponse
} from '../contract/wire.js';
import type {
  IDeploymentEntry,
  IDeploymentStore
} from '../store/DeploymentStore.js';
import type {
  IDeploymentRecordForTarget,
  IDeploymentState,
  IDeploySource,
  IDeployTarget
} from './DeployTarget.js';
import {
  type DeploySourceStore,
  optionsOf,
  resolveDeploySource
} from './deploySource.js';

export interface IDeployServiceDeps {
  store: IDeploymentStore;
  runs: DeploySourceStore;
  events: IEventSink;
  targets: ReadonlyMap<DeploymentTarget, IDeployTarget>;
  logger: Logger;
}

export type PredictProtocol = 'v1' | 'v2';

/** How long a test request may take through the proxy. */
const PREDICT_TIMEOUT_MS = 60_000;

/**
 * Deployments: resolves a run's artifact, hands it to a target, records
 * what the target reports (every change is an event on `deployments`) and
 * proxies test requests. Lineage is the stored run, step and artifact.
 */
export class DeployService {
  /**
   * Deployments a target of this process reports on, as `name@createdAt`:
   * one the CLI removed and made again under the same name is new here.
   */
  private readonly watched = new Set<string>();
  /** After resumeAll(): deployments another process made later are picked up when read. */
  private resuming = false;

  constructor(private readonly deps: IDeployServiceDeps) {}

  /** Where models can be served, in registration order. */
  targetNames(): string[] {
    return [...this.deps.targets.keys()];
  }

  async create(request: ICreateDeploymentRequest): Promise<IDeployment> {
    if (request.canaryTrafficPercent !== undefined) {
      return this.rollOutCanary(request);
    }
    const target = this.target(request.target ?? 'local');
    const source = resolveDeploySource(this.deps.runs, request);
    const { name } = request;
    const options = optionsOf(request);
    const created = this.deps.store.create({
      name,
      target: target.name,
      source,
      options,
      state: {
        kind: target.initialKind,
        status: 'deploying',
        reason: null,
        url: null
      }
    });
    this.publish(created);
    const key = watchKey(this.entry(name).deployment);
    this.watched.add(key);
    let state: IDeploymentState;
    try {
      state = await target.deploy(name, source, options, this.report);
    } catch (err) {
      if (err instanceof CellpipeError) {
        // Refused input: nothing was created, so nothing is kept.
        this.watched.delete(key);
        this.publish(this.deps.store.delete(name));
        throw err;
      }
      this.deps.logger.error({ err, deployment: name }, 'deploy failed');
      state = {
        kind: target.initialKind,
        status: 'failed',
        reason: `could not deploy: ${(err as Error).message}`,
        url: null
      };
    }
    this.report(name, withWarnings(target, source, state));
    return this.get(name);
  }

  /**
   * A second version under an existing name (KServe's canary rollout): the
   * record now names the new model, and `stable` the one keeping the rest
   * of the traffic. Refused input puts the record back as it was.
   */
  private async rollOutCanary(
    request: ICreateDeploymentRequest
  ): Promise<IDeployment> {
    const current = this.entry(request.name);
    const target = this.target(request.target ?? current.deployment.target);
    if (target.name !== current.deployment.target) {
      throw new ValidationError(
        `deployment "${request.name}" is on ${current.deployment.target}; a canary goes where it is`
      );
    }
    const source = resolveDeploySource(this.deps.runs, request);
    const { name } = request;
    const options = optionsOf(request);
    const stable = {
      runId: current.source.runId,
      step: current.source.step,
      artifact: current.source.artifact.name
    };
    this.publish(
      this.deps.store.revise(name, {
        source,
        options,
        state: { ...current.state, status: 'deploying', reason: null, stable }
      })
    );
    let state: IDeploymentState;
    try {
      state = await target.deploy(name, source, options, this.report);
    } catch (err) {
      this.publish(this.deps.store.revise(name, current));
      throw err;
    }
    this.report(name, withWarnings(target, source, { ...state, stable }));
    return this.get(name);
  }

  list(runId?: string): IDeploymentList {
    const { seq, entries } = this.deps.store.list(runId);
    entries.forEach(entry => this.adopt(entry));
    return { seq, deployments: entries.map(e => e.deployment) };
  }

  get(name: string): IDeployment {
    const entry = this.entry(name);
    this.adopt(entry);
    return entry.deployment;
  }

  async delete(name: string): Promise<void> {
    const entry = this.entry(name);
    this.watched.delete(watchKey(entry.deployment));
    await this.target(entry.deployment.target).undeploy(record(entry));
    this.publish(this.deps.store.delete(name));
  }

  async predict(
    name: string,
    protocol: PredictProtocol,
    body: unknown
  ): Promise<IPredictResponse> {
    const entry = this.entry(name);
    if (entry.deployment.status !== 'ready') {
      throw new NotReadyError(
        `deployment "${name}" is ${entry.deployment.status}` +
          (entry.deployment.reason ? `: ${entry.deployment.reason}` : '')
      );
    }
    const path =
      protocol === 'v1'
        ? `/v1/models/${name}:predict`
        : `/v2/models/${name}/infer`;
    const started = performance.now();
    try {
      const answer = await this.target(entry.deployment.target).forward(
        record(entry),
        path,
        body,
        AbortSignal.timeout(PREDICT_TIMEOUT_MS)
      );
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      return { protocol, ...answer, latencyMs };
    } catch (err) {
      throw new EndpointUnreachableError((err as Error).message);
    }
  }

  /** What `Authorization: Bearer` a direct call of the endpoint needs; null when none. */
  async endpointToken(name: string): Promise<string | null> {
    const entry = this.entry(name);
    const target = this.target(entry.deployment.target);
    return (await target.endpointToken?.(record(entry))) ?? null;
  }

  /**
   * A Kubernetes deployment serves its model (and a canary's stable one)
   * from the run's folder on the claim, so that run is kept; a local one
   * serves its own copy.
   */
  assertRunDeletable(runId: string): void {
    const users = this.deps.store
      .list()
      .entries.filter(
        e =>
          this.deps.targets.get(e.deployment.target)?.servesRunFiles === true &&
          (e.source.runId === runId || e.state.stable?.runId === runId)
      )
      .map(e => e.deployment.name);
    if (users.length > 0) {
      throw new ConflictError(
        `run ${runId}'s model is served by ${users.join(', ')} from the run's files: undeploy first`
      );
    }
  }

  /** At start: every recorded deployment is picked up again (adopted or restarted). */
  resumeAll(): void {
    this.resuming = true;
    this.deps.store.list().entries.forEach(entry => this.adopt(entry));
  }

  /** Stops watching; the deployments keep serving. */
  async stop(): Promise<void> {
    await Promise.all([...this.deps.targets.values()].map(t => t.stop()));
    this.watched.clear();
  }

  /** What targets call when a deployment's state changes. */
  private readonly report = (
    name: string,
    state: Partial<IDeploymentState>
  ): void => {
    const event = this.deps.store.update(name, state);
    if (event) {
      this.publish(event);
    }
  };

  /** Deployments made by another process (the CLI) or before a restart. */
  private adopt(entry: IDeploymentEntry): void {
    const { name, target } = entry.deployment;
    const owner = this.deps.targets.get(target);
    if (
      !this.resuming ||
      this.watched.has(watchKey(entry.deployment)) ||
      !owner
    ) {
      return;
    }
    this.watched.add(watchKey(entry.deployment));
    owner.resume(record(entry), this.report).catch((err: unknown) => {
      this.deps.logger.error({ err, deployment: name }, 'could not resume');
      this.report(name, {
        status: 'failed',
        reason: `could not pick it up again: ${(err as Error).message}`
      });
    });
  }

  private entry(name: string): IDeploymentEntry {
    const entry = this.deps.store.get(name);
    if (!entry) {
      throw new NotFoundError(`no deployment named "${name}"`);
    }
    return entry;
  }

  private target(name: string): IDeployTarget {
    const target = this.deps.targets.get(name);
    if (!target) {
      throw new ValidationError(
        `unknown target "${name}"; use ${[...this.deps.targets.keys()].join(' or ')}`
      );
    }
    return target;
  }

  private publish(event: ReturnType<IDeploymentStore['create']> | undefined) {
    if (event) {
      this.deps.events.publish(event);
    }
  }
}

function watchKey(deployment: IDeployment): string {
  return `${deployment.name}@${deployment.createdAt}`;
}

function record(entry: IDeploymentEntry): IDeploymentRecordForTarget {
  return {
    name: entry.deployment.name,
    target: entry.deployment.target,
    source: entry.source,
    options: entry.options,
    state: entry.state
  };
}

/** The target's warnings about this source, added to what it reported. */
function withWarnings(
  target: IDeployTarget,
  source: IDeploySource,
  state: IDeploymentState
): IDeploymentState {
  const warnings = target.warnings?.(source) ?? [];
  return warnings.length === 0
    ? state
    : { ...state, warnings: [...(state.warnings ?? []), ...warnings] };
}
