import type { Logger } from 'pino';

import {
  CoordinationV1Api,
  type KubeConfig,
  type V1Lease,
  V1MicroTime
} from './client.js';
import { describeKubeError, isConflict, isNotFound } from './kubeErrors.js';

/** client-go's defaults (15 s lease, 10 s to renew, a try every 2 s). */
export const DEFAULT_LEASE_MS = 15_000;

export interface ILeaderLeaseOptions {
  kubeConfig: KubeConfig;
  /** The `coordination.k8s.io/v1` Lease's name and namespace. */
  name: string;
  namespace: string;
  /** Who holds it: the pod's name where there is one. */
  identity: string;
  /** How long a holder that stopped renewing keeps the lease. */
  leaseMs?: number;
  /** A holder that could not renew for this long lets go; below leaseMs. */
  renewDeadlineMs?: number;
  /** Between two tries to take or renew it. */
  retryMs?: number;
  onAcquired(): void;
  onLost(): void;
  logger: Logger;
}

/**
 * Leader election on a Lease, as client-go's leaderelection does it (the
 * JavaScript client has none): take the Lease when it is free or its holder
 * has not renewed it for a lease duration, renew it while holding it, give
 * it up when renewing failed for the renew deadline. Expiry is judged by
 * when this process last saw the Lease change, not by the holder's clock.
 * Every write carries the resourceVersion read, so two candidates never both win.
 */
export class LeaderLease {
  private readonly api: CoordinationV1Api;
  private readonly leaseMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryMs: number;
  private held = false;
  private lastRenewed = 0;
  private observed: { version: string; at: number } | undefined;
  private lastHolder: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: ILeaderLeaseOptions) {
    this.api = options.kubeConfig.makeApiClient(CoordinationV1Api);
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.renewDeadlineMs =
      options.renewDeadlineMs ?? Math.round((this.leaseMs * 2) / 3);
    this.retryMs = options.retryMs ?? Math.round(this.leaseMs / 7.5);
  }

  /** True while this process holds the Lease. */
  get holding(): boolean {
    return this.held;
  }

  /** The holder last seen (this process's identity while it holds the Lease). */
  get holder(): string | undefined {
    return this.held ? this.options.identity : this.lastHolder;
  }

  start(): void {
    this.schedule(0);
  }

  /** Stops trying and, when holding the Lease, gives it up so a standby takes it at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    if (this.held) {
      this.held = false;
      await this.release();
    }
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      this.ticking = this.tick().finally(() => {
        this.ticking = undefined;
        if (!this.stopped) {
          this.schedule(this.retryMs);
        }
      });
    }, ms);
  }

  private async tick(): Promise<void> {
    let ok = false;
    try {
      ok = await this.takeOrRenew();
    } catch (err) {
      this.options.logger.warn(
        { lease: this.options.name, reason: describeKubeError(err).message },
        'could not take or renew the leader lease'
      );
    }
    if (this.stopped) {
      return;
    }
    const now = Date.now();
    if (ok) {
      this.lastRenewed = now;
      this.lastHolder = this.options.identity;
      if (!this.held) {
        this.held = true;
        this.options.logger.info(
          { lease: this.options.name, identity: this.options.identity },
          'took the leader lease'
        );
        this.options.onAcquired();
      }
    } else if (
      this.held &&
      (this.lastHolder !== this.options.identity ||
        now - this.lastRenewed > this.renewDeadlineMs)
    ) {
      this.held = false;
      this.options.logger.warn(
        { lease: this.options.name, holder: this.lastHolder },
        'lost the leader lease'
      );
      this.options.onLost();
    }
  }

  /** One try: true when this process holds the Lease afterwards. */
  private async takeOrRenew(): Promise<boolean> {
    const { name, namespace, identity } = this.options;
    let lease: V1Lease;
    try {
      lease = await this.api.readNamespacedLease({ name, namespace });
    } catch (err) {
      if (!isNotFound(err)) {
        throw err;
      }
      return this.write(() =>
        this.api.createNamespacedLease({
          namespace,
          body: { metadata: { name, namespace }, spec: this.spec(0) }
        })
      );
    }
    const spec = lease.spec ?? {};
    const version = lease.metadata?.resourceVersion ?? '';
    if (this.observed?.version !== version) {
      this.observed = { version, at: Date.now() };
    }
    this.lastHolder = spec.holderIdentity || undefined;
    const mine = spec.holderIdentity === identity;
    const durationMs = (spec.leaseDurationSeconds ?? 0) * 1000;
    const expired = Date.now() - this.observed.at > durationMs;
    if (!mine && spec.holderIdentity && !expired) {
      return false;
    }
    const transitions = spec.leaseTransitions ?? 0;
    lease.spec = {
      ...this.spec(mine ? transitions : transitions + 1),
      ...(mine && spec.acquireTime ? { acquireTime: spec.acquireTime } : {})
    };
    return this.write(() =>
      this.api.replaceNamespacedLease({ name, namespace, body: lease })
    );
  }

  private spec(transitions: number): V1Lease['spec'] {
    const now = new V1MicroTime();
    return {
      holderIdentity: this.options.identity,
      leaseDurationSeconds: Math.ceil(this.leaseMs / 1000),
      acquireTime: now,
      renewTime: now,
      leaseTransitions: transitions
    };
  }

  /** A write another candidate beat (409) is a lost race, not an error. */
  private async write(call: () => Promise<V1Lease>): Promise<boolean> {
    try {
      await call();
      return true;
    } catch (err) {
      if (isConflict(err)) {
        return false;
      }
      throw err;
    }
  }

  /** client-go's release: no holder, a one-second duration. */
  private async release(): Promise<void> {
    const { name, namespace, identity } = this.options;
    try {
      const lease = await this.api.readNamespacedLease({ name, namespace });
      if (lease.spec?.holderIdentity !== identity) {
        return;
      }
      lease.spec = {
        ...lease.spec,
        holderIdentity: undefined,
        leaseDurationSeconds: 1,
        renewTime: new V1MicroTime()
      };
      await this.api.replaceNamespacedLease({ name, namespace, body: lease });
      this.options.logger.info({ lease: name }, 'released the leader lease');
    } catch (err) {
      this.options.logger.warn(
        { lease: name, reason: describeKubeError(err).message },
        'could not release the leader lease; it expires on its own'
      );
    }
  }
}
