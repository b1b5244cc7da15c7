import type { KubernetesObject } from '../../kube/client.js';

import type { IModelInput } from '../../contract/wire.js';
import type { IDeploymentState } from '../DeployTarget.js';
import type { DeployWatch } from './DeployWatch.js';
import {
  inferenceServiceState,
  type IObservedState,
  predictorService
} from './inferenceServiceStatus.js';
import type { KubeHandle } from './deployCalls.js';
import type { LabelWatch } from '../../kube/LabelWatch.js';
import { modelServerState } from './modelServerStatus.js';

export interface ITrackerContext {
  watch: DeployWatch;
  /** The model's inputs once it is ready (null when it does not say). */
  readInputs: (handle: KubeHandle) => Promise<IModelInput[] | null>;
  report: (state: Partial<IDeploymentState>) => void;
}

/** Marks the warning a lost watch adds, so that it can be taken away again. */
const WATCH_WARNING = 'the cluster cannot be watched right now';

/** What the tracker uses of a watch whatever it watches. */
type AnyWatch = Pick<
  LabelWatch<KubernetesObject>,
  'start' | 'settled' | 'subscribe' | 'synced' | 'error' | 'errorStatus'
>;

type Reported = Pick<IDeploymentState, 'status' | 'reason' | 'url'> & {
  warnings: string[];
};

/**
 * Follows one deployment through its namespace's informers and reports
 * each change of state (status, reason, url, warnings) once. A lost watch
 * is a warning (the endpoint may well still serve), except when the API
 * server refuses the watch (403) or no longer knows the resource (404,
 * KServe removed): then the deployment cannot be followed and is `failed`
 * with the reason.
 */
export class DeploymentTracker {
  handle: KubeHandle;
  private readonly kind: IDeploymentState['kind'];
  private readonly baseWarnings: string[];
  private current: Reported;
  private wasReady: boolean;
  private seen = false;
  private inputsAsked: boolean;
  private stopped = false;
  private readonly unsubscribes: Array<() => void> = [];

  constructor(
    readonly name: string,
    state: IDeploymentState,
    handle: KubeHandle,
    private readonly how: { existing: boolean; wasReady: boolean },
    private readonly ctx: ITrackerContext
  ) {
    this.handle = handle;
    this.kind = state.kind;
    this.baseWarnings = (state.warnings ?? []).filter(
      w => !w.startsWith(WATCH_WARNING)
    );
    this.current = {
      status: state.status,
      reason: state.reason,
      url: state.url,
      warnings: state.warnings ?? []
    };
    this.wasReady = how.wasReady;
    this.inputsAsked = !!state.inputs;
  }

  /** Resolves once the watches have listed (or failed to), so the first state is known. */
  start(): Promise<void> {
    const watches = this.watched();
    for (const watch of watches) {
      watch.start();
      this.unsubscribes.push(watch.subscribe(this.name, () => this.evaluate()));
    }
    this.evaluate();
    return Promise.all(watches.map(w => w.settled())).then(() => undefined);
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribes.splice(0).forEach(u => u());
  }

  private watched(): AnyWatch[] {
    const w = this.ctx.watch;
    return this.kind === 'inference-service'
      ? [w.inferenceServices]
      : [w.deployments, w.pods];
  }

  private evaluate(): void {
    if (this.stopped) {
      return;
    }
    const watches = this.watched();
    const down = watches.find(w => !w.synced && w.error);
    if (down) {
      if (down.errorStatus === 403) {
        this.emit({
          ...this.current,
          status: 'failed',
          reason: `cannot follow the deployment: ${down.error}`
        });
      } else if (down.errorStatus === 404) {
        this.emit({
          ...this.current,
          status: 'failed',
          reason:
            'the cluster no longer serves InferenceServices (serving.kserve.io/v1beta1): was KServe removed?'
        });
      } else {
        this.emit({
          ...this.current,
          warnings: [...this.baseWarnings, `${WATCH_WARNING}: ${down.error}`]
        });
      }
      return;
    }
    if (!watches.every(w => w.synced)) {
      return;
    }
    const observed = this.observe();
    if (!observed) {
      return;
    }
    if (observed.status === 'ready') {
      this.wasReady = true;
    }
    this.emit({ ...observed, warnings: this.baseWarnings });
    if (observed.status === 'ready' && !this.inputsAsked) {
      this.inputsAsked = true;
      void this.ctx.readInputs(this.handle).then(inputs => {
        if (inputs && !this.stopped) {
          this.ctx.report({ inputs });
        }
      });
    }
  }

  /** The deployment's state from the informers' caches; null while a new object is not seen yet. */
  private observe(): IObservedState | null {
    const { watch } = this.ctx;
    const isvc = this.kind === 'inference-service';
    if (isvc) {
      const found = this.find(watch.inferenceServices.items(this.name));
      if (!found) {
        return this.missing('InferenceService');
      }
      const target = predictorService(this.name, this.handle.namespace, found);
      if (
        target.service !== this.handle.service ||
        target.port !== this.handle.port
      ) {
        this.handle = { ...this.handle, ...target };
        this.ctx.report({ handle: this.handle });
      }
      return inferenceServiceState(found, this.wasReady);
    }
    const found = this.find(watch.deployments.items(this.name));
    if (!found) {
      return this.missing('Deployment');
    }
    return modelServerState(
      found,
      watch.pods.items(this.name),
      this.wasReady,
      this.current.url
    );
  }

  private find<T extends KubernetesObject>(items: T[]): T | undefined {
    const found = items.find(o => o.metadata?.name === this.handle.object);
    if (found) {
      this.seen = true;
    }
    return found;
  }

  private missing(what: string): IObservedState | null {
    if (!this.seen && !this.how.existing) {
      return null; // just created; the watch has not delivered it yet
    }
    const { object, namespace } = this.handle;
    return {
      status: 'failed',
      reason: this.seen
        ? `the ${what} ${object} was deleted (not by Cellpipe)`
        : `the ${what} ${object} no longer exists in namespace ${namespace}`,
      url: this.current.url
    };
  }

  private emit(next: Reported): void {
    if (JSON.stringify(next) === JSON.stringify(this.current)) {
      return;
    }
    this.current = next;
    this.ctx.report({ ...next });
  }
}
