import {
  BatchV1Api,
  CoreV1Api,
  type Informer,
  type KubeConfig,
  type KubernetesObject,
  makeInformer,
  type ObjectCache,
  type V1Job,
  type V1Pod
} from '@kubernetes/client-node';
import type { Logger } from 'pino';

import { MANAGED_SELECTOR } from './jobSpec.js';

/** The current state of one Job and its pods, as the informers last saw them. */
export interface IJobState {
  job: V1Job | undefined;
  pods: V1Pod[];
  /** True once the Job was seen and then deleted. */
  deleted: boolean;
}

type Listener = () => void;
type Which = 'jobs' | 'pods';
type Watched<T extends KubernetesObject> = Informer<T> & ObjectCache<T>;

const RESTART_MIN_MS = 250;
const RESTART_MAX_MS = 5_000;

/**
 * One informer on Jobs and one on Pods of a namespace, selected by the
 * managed-by label: every step of every run is driven from these two
 * watches (no polling, no watch per step). A watch that errors is restarted
 * with backoff; `connected` says whether both are live.
 */
export class NamespaceWatch {
  private readonly jobs: Watched<V1Job>;
  private readonly pods: Watched<V1Pod>;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly seen = new Set<string>();
  private readonly deleted = new Set<string>();
  private readonly live = { jobs: false, pods: false };
  private readonly errors = { jobs: 0, pods: 0 };
  private readonly backoff = { jobs: RESTART_MIN_MS, pods: RESTART_MIN_MS };
  private readonly pending: Partial<Record<Which, NodeJS.Timeout>> = {};
  private lastError: string | null = null;
  private stopped = false;
  readonly ready: Promise<void>;

  constructor(
    kc: KubeConfig,
    readonly namespace: string,
    private readonly logger: Logger
  ) {
    const batch = kc.makeApiClient(BatchV1Api);
    const core = kc.makeApiClient(CoreV1Api);
    this.jobs = makeInformer<V1Job>(
      kc,
      `/apis/batch/v1/namespaces/${namespace}/jobs`,
      () =>
        batch.listNamespacedJob({ namespace, labelSelector: MANAGED_SELECTOR }),
      MANAGED_SELECTOR
    );
    this.pods = makeInformer<V1Pod>(
      kc,
      `/api/v1/namespaces/${namespace}/pods`,
      () =>
        core.listNamespacedPod({ namespace, labelSelector: MANAGED_SELECTOR }),
      MANAGED_SELECTOR
    );
    this.wire(this.jobs, 'jobs', job => this.jobName(job));
    this.wire(this.pods, 'pods', pod => pod.metadata?.labels?.['job-name']);
    this.ready = Promise.all([
      this.begin(this.jobs, 'jobs'),
      this.begin(this.pods, 'pods')
    ]).then(() => undefined);
  }

  get connected(): boolean {
    return this.live.jobs && this.live.pods;
  }

  /** The last watch error in words (null while connected). */
  get error(): string | null {
    return this.connected ? null : this.lastError;
  }

  state(jobName: string): IJobState {
    const job = this.jobs.get(jobName, this.namespace);
    const pods = this.pods
      .list(this.namespace)
      .filter(p => p.metadata?.labels?.['job-name'] === jobName);
    return { job, pods, deleted: !job && this.deleted.has(jobName) };
  }

  /** Calls `listener` after every change to the Job or its pods (and on reconnects). */
  subscribe(jobName: string, listener: Listener): () => void {
    const set = this.listeners.get(jobName) ?? new Set();
    set.add(listener);
    this.listeners.set(jobName, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) {
        this.listeners.delete(jobName);
      }
    };
  }

  /** Jobs currently known, for re-attaching after a restart. */
  listJobs(): readonly V1Job[] {
    return this.jobs.list(this.namespace);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    Object.values(this.pending).forEach(t => clearTimeout(t));
    await Promise.all([this.jobs.stop(), this.pods.stop()]);
  }

  private jobName(job: V1Job): string | undefined {
    return job.metadata?.name;
  }

  private wire<T extends KubernetesObject>(
    informer: Watched<T>,
    which: Which,
    key: (obj: T) => string | undefined
  ): void {
    const notify = (obj: T, gone = false) => {
      const name = key(obj);
      if (!name) {
        return;
      }
      if (which === 'jobs') {
        (gone ? this.deleted : this.seen).add(name);
      }
      this.listeners.get(name)?.forEach(l => l());
    };
    informer.on('add', o => notify(o));
    informer.on('update', o => notify(o));
    informer.on('delete', o => notify(o, true));
    informer.on('error', (err: unknown) => this.failed(informer, which, err));
  }

  /** Starts (or restarts) a watch; start() reports failures through the error event, not by throwing. */
  private async begin<T extends KubernetesObject>(
    informer: Watched<T>,
    which: Which
  ): Promise<void> {
    const errorsBefore = this.errors[which];
    try {
      await informer.start();
    } catch (err) {
      this.failed(informer, which, err);
      return;
    }
    if (this.errors[which] === errorsBefore && !this.stopped) {
      this.live[which] = true;
      this.backoff[which] = RESTART_MIN_MS;
      this.notifyAll();
    }
  }

  private failed<T extends KubernetesObject>(
    informer: Watched<T>,
    which: Which,
    err: unknown
  ): void {
    if (this.stopped) {
      return; // stop() aborts the watches, which reports as an error
    }
    this.errors[which]++;
    this.live[which] = false;
    this.lastError = describeWatchError(err);
    this.logger.warn(
      { which, err: this.lastError },
      'kubernetes watch failed; restarting'
    );
    this.notifyAll();
    if (this.stopped || this.pending[which]) {
      return;
    }
    const delay = this.backoff[which];
    this.backoff[which] = Math.min(delay * 2, RESTART_MAX_MS);
    this.pending[which] = setTimeout(() => {
      this.pending[which] = undefined;
      if (!this.stopped) {
        void this.begin(informer, which);
      }
    }, delay);
  }

  private notifyAll(): void {
    for (const set of this.listeners.values()) {
      set.forEach(l => l());
    }
  }
}

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
