import type { ConnectionState, IClusterStatus } from '../tokens';
import type { IClusterView } from './ClusterModel';

/**
 * The Kubernetes status line as pure data. It only puts the server's
 * findings into words; whether the cluster can run is the server's call.
 */

/** The dot: green, amber, red, or grey while nothing is known. */
export type ClusterTone = 'ready' | 'degraded' | 'down' | 'unknown';

export interface IClusterSummary {
  tone: ClusterTone;
  headline: string;
  /** Short facts after the headline: the API server's version, the namespace. */
  facts: string[];
  /** What stands in the way, in words (empty when nothing does). */
  issues: string[];
}

/** The target name the executor list and the run dialog use. */
export const KUBERNETES_TARGET = 'kubernetes';

/** True when the connected server lists a Kubernetes executor (usable or not). */
export function offersKubernetes(state: ConnectionState): boolean {
  return (
    state.status === 'connected' &&
    state.info.executors.some(e => e.name === KUBERNETES_TARGET)
  );
}

export function summarizeCluster(view: IClusterView): IClusterSummary {
  const { status } = view;
  if (status) {
    return summarizeStatus(status);
  }
  if (view.error && !view.loading) {
    return {
      tone: 'unknown',
      headline: 'Kubernetes status unavailable',
      facts: [],
      issues: [view.error]
    };
  }
  return {
    tone: 'unknown',
    headline: 'Checking the Kubernetes cluster…',
    facts: [],
    issues: []
  };
}

function summarizeStatus(status: IClusterStatus): IClusterSummary {
  const facts = [
    ...(status.version ? [status.version] : []),
    `namespace ${status.namespace}`
  ];
  if (!status.configured || !status.reachable) {
    return {
      tone: 'down',
      headline: status.configured
        ? 'Kubernetes unreachable'
        : 'Kubernetes not configured',
      facts: status.configured ? facts : [],
      issues: [status.reason ?? fallbackReason(status)]
    };
  }
  const issues = unique([
    ...(status.reason ? [status.reason] : []),
    ...deniedPermissions(status),
    // The server's reason already names a missing or unbound claim.
    ...(status.reason ? [] : claimIssues(status))
  ]);
  const ready = status.canRun && claimBound(status);
  if (!ready && issues.length === 0) {
    issues.push('the server reports the cluster cannot run steps yet');
  }
  return {
    tone: ready ? 'ready' : 'degraded',
    headline: ready ? 'Kubernetes ready' : 'Kubernetes reachable, not ready',
    facts,
    issues
  };
}

/** Only for a server that gave no reason; the configured/reachable flags say this much. */
function fallbackReason(status: IClusterStatus): string {
  if (!status.configured) {
    return 'no kubeconfig or in-cluster configuration found';
  }
  return status.server
    ? `cannot reach the API server at ${status.server}`
    : 'cannot reach the API server';
}

/** `cannot create jobs.batch in namespace ml (RBAC: …)`. */
export function permissionIssue(
  verb: string,
  resource: string,
  namespace: string,
  reason: string
): string {
  const words = `cannot ${verb} ${resource} in namespace ${namespace}`;
  return reason ? `${words} (${reason})` : words;
}

function deniedPermissions(status: IClusterStatus): string[] {
  return status.permissions
    .filter(p => !p.allowed)
    .map(p =>
      permissionIssue(p.verb, p.resource, status.namespace, p.reason.trim())
    );
}

function claimBound(status: IClusterStatus): boolean {
  return (
    status.artifacts === 'bucket' || status.artifactsClaim?.phase === 'Bound'
  );
}

function claimIssues(status: IClusterStatus): string[] {
  if (status.artifacts === 'bucket') {
    return [];
  }
  const claim = status.artifactsClaim;
  if (!claim) {
    return [`no artifacts claim in namespace ${status.namespace}`];
  }
  if (claim.phase !== 'Bound') {
    return [
      `artifacts claim ${claim.name} is ${claim.phase ?? 'in no phase yet'}, not Bound`
    ];
  }
  return [];
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

/**
 * The run dialog's warning when the server says the cluster cannot run
 * (null when it can, or before it answered). It warns, it does not block:
 * the server refuses the run with its own message anyway.
 */
export function clusterRunWarning(
  status: IClusterStatus | null
): string | null {
  if (!status || status.canRun) {
    return null;
  }
  const why = status.reason ?? summarizeStatus(status).issues.join('; ');
  return `Steps cannot run on this cluster yet: ${why}. The server will refuse the run until this is fixed.`;
}
