import type { Logger } from 'pino';

import {
  BatchV1Api,
  CoreV1Api,
  type KubeConfig,
  makeInformer,
  type V1Job,
  type V1Pod
} from '../../kube/client.js';
import { MANAGED_SELECTOR } from '../../kube/labels.js';
import { LabelWatch } from '../../kube/LabelWatch.js';

/** The current state of one Job and its pods, as the informers last saw them. */
export interface IJobState {
  job: V1Job | undefined;
  pods: V1Pod[];
  /** True once the Job was seen and then deleted. */
  deleted: boolean;
}

type Listener = () => void;

/**
 * One informer on Jobs and one on Pods of a namespace, selected by the
 * managed-by label and grouped by Job: every step of every run is driven
 * from these two watches (no polling, no watch per step). A watch that
 * errors is restarted with backoff; `connected` says whether both are live.
 */
export class NamespaceWatch {
  private readonly jobs: LabelWatch<V1Job>;
  private readonly pods: LabelWatch<V1Pod>;
  private readonly deleted = new Set<string>();
  readonly ready: Promise<void>;

  constructor(
    kc: KubeConfig,
    readonly namespace: string,
    logger: Logger
  ) {
    const batch = kc.makeApiClient(BatchV1Api);
    const core = kc.makeApiClient(CoreV1Api);
    const labelSelector = MANAGED_SELECTOR;
    this.jobs = new LabelWatch<V1Job>({
      what: 'jobs',
      make: () =>
        makeInformer<V1Job>(
          kc,
          `/apis/batch/v1/namespaces/${namespace}/jobs`,
          () => batch.listNamespacedJob({ namespace, labelSelector }),
          labelSelector
        ),
      groupBy: job => job.metadata?.name,
      onEvent: (job, event) => {
        const name = job.metadata?.name;
        if (name && event === 'delete') {
          this.deleted.add(name);
        }
      },
      logger
    });
    this.pods = new LabelWatch<V1Pod>({
      what: 'pods',
      make: () =>
        makeInformer<V1Pod>(
          kc,
          `/api/v1/namespaces/${namespace}/pods`,
          () => core.listNamespacedPod({ namespace, labelSelector }),
          labelSelector
        ),
      groupBy: pod => pod.metadata?.labels?.['job-name'],
      logger
    });
    this.jobs.start();
    this.pods.start();
    this.ready = Promise.all([this.jobs.settled(), this.pods.settled()]).then(
      () => undefined
    );
  }

  get connected(): boolean {
    return this.jobs.synced && this.pods.synced;
  }

  /** The last watch error in words (null while connected). */
  get error(): string | null {
    return this.connected ? null : (this.jobs.error ?? this.pods.error);
  }

  state(jobName: string): IJobState {
    const job = this.jobs.get(jobName, this.namespace);
    const pods = this.pods.items(jobName);
    return { job, pods, deleted: !job && this.deleted.has(jobName) };
  }

  /** Calls `listener` after every change to the Job or its pods (and on reconnects). */
  subscribe(jobName: string, listener: Listener): () => void {
    const fromJobs = this.jobs.subscribe(jobName, listener);
    const fromPods = this.pods.subscribe(jobName, listener);
    return () => {
      fromJobs();
      fromPods();
    };
  }

  /** Jobs currently known, for re-attaching after a restart. */
  listJobs(): readonly V1Job[] {
    return this.jobs.list();
  }

  async stop(): Promise<void> {
    await Promise.all([this.jobs.stop(), this.pods.stop()]);
  }
}
