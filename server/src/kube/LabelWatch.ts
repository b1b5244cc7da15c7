import type {
  Informer,
  KubernetesObject,
  ObjectCache
} from '@kubernetes/client-node';
import type { Logger } from 'pino';

import { describeKubeError } from './kubeErrors.js';
import { describeWatchError } from '../executors/kubernetes/NamespaceWatch.js';
import { DEPLOYMENT_LABEL } from '../serving/kubernetes/deploymentInput.js';

type Listener = () => void;
export type Watched<T extends KubernetesObject> = Informer<T> & ObjectCache<T>;

const RESTART_MIN_MS = 250;
const RESTART_MAX_MS = 5_000;

/** Objects carrying the deployment label, selected by it (any value). */
export const DEPLOYMENT_SELECTOR = DEPLOYMENT_LABEL;

/**
 * One informer on one kind of a namespace, selected by
 * `cellpipe.io/deployment`, its objects grouped by that label's value (the
 * deployment's name). Started on first use; a watch that fails is started
 * again with backoff (0.25 s doubling to 5 s), as the executor's
 * NamespaceWatch does: `informer.start()` reports a failed list through the
 * error event and stops, so it is restarted here.
 */
export class LabelWatch<T extends KubernetesObject> {
  private informer: Watched<T> | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();
  private live = false;
  private started = false;
  private stopped = false;
  private errors = 0;
  private backoff = RESTART_MIN_MS;
  private timer: NodeJS.Timeout | undefined;
  private lastError: string | null = null;
  private lastStatus: number | null = null;
  private firstAttempt: Promise<void> = Promise.resolve();

  constructor(
    private readonly what: string,
    private readonly make: () => Watched<T>,
    private readonly logger: Logger
  ) {}

  /** Starts the informer once (later calls do nothing). */
  start(): void {
    if (this.started || this.stopped) {
      return;
    }
    this.started = true;
    const informer = this.make();
    this.informer = informer;
    const notify = (obj: T) => {
      const key = obj.metadata?.labels?.[DEPLOYMENT_LABEL];
      if (key) {
        this.listeners.get(key)?.forEach(l => l());
      }
    };
    informer.on('add', notify);
    informer.on('update', notify);
    informer.on('delete', notify);
    informer.on('error', (err: unknown) => this.failed(err));
    this.firstAttempt = this.begin();
  }

  /** Resolves once the first list has arrived or failed. */
  settled(): Promise<void> {
    return this.firstAttempt;
  }

  /** True once the first list arrived and the watch is running. */
  get synced(): boolean {
    return this.live;
  }

  /** Why the watch is down, in words (null while it runs). */
  get error(): string | null {
    return this.live ? null : this.lastError;
  }

  /** The HTTP status of the last failure (403 when not allowed), if the API server answered. */
  get errorStatus(): number | null {
    return this.live ? null : this.lastStatus;
  }

  /** The objects of one deployment as last seen. */
  items(deployment: string): T[] {
    return (this.informer?.list() ?? []).filter(
      o => o.metadata?.labels?.[DEPLOYMENT_LABEL] === deployment
    );
  }

  /** Calls `listener` after every change to the deployment's objects, and when the watch goes down or up. */
  subscribe(deployment: string, listener: Listener): () => void {
    const set = this.listeners.get(deployment) ?? new Set();
    set.add(listener);
    this.listeners.set(deployment, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) {
        this.listeners.delete(deployment);
      }
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.informer?.stop();
  }

  private async begin(): Promise<void> {
    const informer = this.informer!;
    const errorsBefore = this.errors;
    try {
      await informer.start();
    } catch (err) {
      this.failed(err);
      return;
    }
    if (this.errors === errorsBefore && !this.stopped) {
      this.live = true;
      this.backoff = RESTART_MIN_MS;
      this.notifyAll();
    }
  }

  private failed(err: unknown): void {
    if (this.stopped) {
      return; // stop() aborts the watch, which reports as an error
    }
    this.errors++;
    this.live = false;
    const failure = describeKubeError(err);
    this.lastStatus = failure.status;
    this.lastError =
      failure.status === null ? describeWatchError(err) : failure.message;
    this.logger.warn(
      { which: this.what, err: this.lastError },
      'kubernetes deployment watch failed; restarting'
    );
    this.notifyAll();
    if (this.timer) {
      return;
    }
    const delay = this.backoff;
    this.backoff = Math.min(delay * 2, RESTART_MAX_MS);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.stopped) {
        void this.begin();
      }
    }, delay);
  }

  private notifyAll(): void {
    for (const set of this.listeners.values()) {
      set.forEach(l => l());
    }
  }
}
