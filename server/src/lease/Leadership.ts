import { hostname } from 'node:os';

import type { Logger } from 'pino';

import { StandbyError } from '../errors.js';
import type { IKubernetesOptions } from '../kube/kubernetesOptions.js';
import type { LeaderLease } from '../kube/LeaderLease.js';

/** Whether this server drives runs (submits, re-attaches, cancels) now. */
export interface ILeadership {
  readonly leading: boolean;
  /** Throws a StandbyError when another server drives the runs. */
  assertLeading(): void;
  /**
   * Stops competing (no more transitions), lets the runs go with `letGo`,
   * then gives a held lease up: the next leader never meets a run still driven here.
   */
  stop(letGo: () => Promise<void>): Promise<void>;
}

/** What becoming the leader and a standby do (app.ts: recover runs, detach them). */
export interface ILeadershipHooks {
  /** `first`: the first time this process leads. */
  lead(first: boolean): void | Promise<void>;
  standby(): Promise<void>;
}

export interface ILeaderLeaseSettings {
  /** The Lease's name (`--leader-lease`, `$CELLPIPE_LEADER_LEASE`). */
  name: string;
  /** Default `$POD_NAMESPACE`, else the Kubernetes target's namespace. */
  namespace?: string;
  /** Default `$POD_NAME`, else host name and process id. */
  identity?: string;
  leaseMs?: number;
}

/** The server alone: it always leads (no lease configured). */
export class SoleLeadership implements ILeadership {
  readonly leading = true;
  assertLeading(): void {}
  stop(letGo: () => Promise<void>): Promise<void> {
    return letGo();
  }
}

/**
 * Leads while holding a Kubernetes Lease. The client is loaded on start,
 * so a server without a lease never loads it. Becoming leader and standby
 * run one after the other, never interleaved: a standby that takes the lease
 * back waits until its runs were let go.
 */
export class LeaseLeadership implements ILeadership {
  private lease: LeaderLease | undefined;
  private transitions: Promise<void> = Promise.resolve();
  private starting: Promise<void> | undefined;
  private stopped = false;
  private led = false;

  constructor(
    private readonly settings: ILeaderLeaseSettings,
    private readonly kubernetes: IKubernetesOptions,
    private readonly logger: Logger,
    private readonly hooks: ILeadershipHooks
  ) {}

  get leading(): boolean {
    return this.lease?.holding ?? false;
  }

  assertLeading(): void {
    if (!this.leading) {
      const holder = this.lease?.holder;
      throw new StandbyError(
        `this Cellpipe server is a standby: the leader lease "${this.settings.name}" is held by ${holder ? `"${holder}"` : 'another server'}, which drives the runs; retry in a few seconds (the Service sends requests to the leader once it is ready)`
      );
    }
  }

  start(): this {
    this.starting = this.begin().catch((err: unknown) =>
      this.logger.error({ err }, 'cannot compete for the leader lease')
    );
    return this;
  }

  async stop(letGo: () => Promise<void>): Promise<void> {
    this.stopped = true;
    await this.starting;
    await this.transitions;
    await letGo();
    await this.lease?.stop();
  }

  private async begin(): Promise<void> {
    const [{ LeaderLease }, { resolveKubeSettings }] = await Promise.all([
      import('../kube/LeaderLease.js'),
      import('../kube/kubeSettings.js')
    ]);
    const kube = resolveKubeSettings(this.kubernetes);
    if (!kube.kubeConfig) {
      throw new Error(`no leader lease: ${kube.unavailable}`);
    }
    if (this.stopped) {
      return;
    }
    this.lease = new LeaderLease({
      kubeConfig: kube.kubeConfig,
      name: this.settings.name,
      namespace:
        this.settings.namespace ?? process.env.POD_NAMESPACE ?? kube.namespace,
      identity:
        this.settings.identity ??
        process.env.POD_NAME ??
        `${hostname()}-${process.pid}`,
      leaseMs: this.settings.leaseMs,
      logger: this.logger,
      onAcquired: () =>
        this.then(() => {
          const first = !this.led;
          this.led = true;
          return this.hooks.lead(first);
        }, 'lead'),
      onLost: () => this.then(() => this.hooks.standby(), 'stand by')
    });
    this.lease.start();
  }

  private then(step: () => void | Promise<void>, what: string): void {
    this.transitions = this.transitions
      .then(() => (this.stopped ? undefined : step()))
      .catch((err: unknown) =>
        this.logger.error({ err }, `could not ${what} after a lease change`)
      );
  }
}
