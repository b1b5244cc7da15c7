import type { Logger } from 'pino';

import type {
  Informer,
  KubernetesObject,
  ObjectCache
} from '@kubernetes/client-node';
import { describeKubeError } from './kubeErrors.js';

type Listener = () => void;
export type Watched<T extends KubernetesObject> = Informer<T> & ObjectCache<T>;
export type WatchEvent = 'add' | 'update' | 'delete';

const RESTART_MIN_MS = 250;
const RESTART_MAX_MS = 5_000;

export interface ILabelWatchOptions<T extends KubernetesObject> {
  /** What is watched, for the log ("jobs", "pods", "deployments"). */
  what: string;
  /** Makes the informer (list + watch, label-selected); called once, on start. */
  make: () => Watched<T>;
  /** The group an object belongs to (a Job's name, a deployment's label); listeners subscribe by it. */
  groupBy: (obj: T) => string | undefined;
  logger: Logger;
  /** Sees every change before the group's listeners do. */
  onEvent?: (obj: T, event: WatchEvent) => void;
}

/**
 * One informer on one kind of a namespace, its objects grouped by a key
 * (no watch per object, no polling). Both the executor (Jobs and pods, by
 * Job) and serving (Deployments, pods and InferenceServices, by deployment)
 * follow the cluster through it. `informer.start()` reports a failed list
 * through the error event and stops, so a watch that fails is started again
 * here with backoff (0.25 s doubling to 5 s).
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

  constructor(private readonly options: ILabelWatchOptions<T>) {}

  /** Starts the informer once (later calls do nothing). */
  start(): void {
    if (this.started || this.stopped) {
      return;
    }
    this.started = true;
    const informer = this.options.make();
    this.informer = informer;
    const notify = (event: WatchEvent) => (obj: T) => {
      this.options.onEvent?.(obj, event);
      const key = this.options.groupBy(obj);
      if (key) {
        this.listeners.get(key)?.forEach(l => l());
      }
    };
    informer.on('add', notify('add'));
    informer.on('update', notify('update'));
    informer.on('delete', notify('delete'));
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

  /** Every object as last seen. */
  list(): readonly T[] {
    return this.informer?.list() ?? [];
  }

  /** One object by name, as last seen. */
  get(name: string, namespace?: string): T | undefined {
    return this.informer?.get(name, namespace);
  }

  /** The objects of one group as last seen. */
  items(group: string): T[] {
    return this.list().filter(o => this.options.groupBy(o) === group);
  }

  /** Calls `listener` after every change to the group's objects, and when the watch goes down or up. */
  subscribe(group: string, listener: Listener): () => void {
    const set = this.listeners.get(group) ?? new Set();
    set.add(listener);
    this.listeners.set(group, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) {
        this.listeners.delete(group);
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
    this.options.logger.warn(
      { which: this.options.what, err: this.lastError },
      'kubernetes watch failed; restarting'
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

/** A watch failure without an HTTP answer, in words. */
export function describeWatchError(err: unknown): string {
  const e = err as {
    code?: unknown;
    message?: string;
    cause?: { code?: string };
  };
  const code = typeof e?.code === 'string' ? e.code : e?.cause?.code;
  if (code === 'ECONNREFUSED') {
    return 'the Kubernetes API server refused the connection';
  }
  return e?.message ?? String(err);
}
