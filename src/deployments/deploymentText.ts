import type { DeploymentStatus, IDeployment } from '../tokens';

/** A deployment's status in words. */
export const DEPLOYMENT_STATUS_LABEL: Record<DeploymentStatus, string> = {
  deploying: 'deploying',
  ready: 'ready',
  unready: 'not ready',
  failed: 'failed'
};

/** `local process`, `KServe · namespace ml · 1–3 replicas`, ... */
export function deploymentFacts(d: IDeployment): string[] {
  const facts: string[] = [];
  if (d.target === 'local') {
    facts.push('local');
  } else {
    facts.push(
      d.kind === 'inference-service'
        ? 'kubernetes (KServe)'
        : 'kubernetes (Deployment)'
    );
    if (d.namespace) {
      facts.push(`namespace ${d.namespace}`);
    }
    if (d.minReplicas !== null || d.maxReplicas !== null) {
      facts.push(replicas(d.minReplicas, d.maxReplicas));
    }
    // With the stable model known, the lineage shows the split.
    if (d.canaryTrafficPercent !== null && !d.stable) {
      facts.push(`canary ${d.canaryTrafficPercent}%`);
    }
  }
  if (d.modelFormat) {
    facts.push(d.modelFormat);
  }
  return facts;
}

function replicas(min: number | null, max: number | null): string {
  const low = min ?? max;
  const high = max ?? min;
  const range = low === high ? `${low}` : `${low}–${high}`;
  return `${range} replica${high === 1 ? '' : 's'}`;
}

/** Why it is not ready, in words; null when ready. */
export function notReadyReason(d: IDeployment): string | null {
  if (d.status === 'ready') {
    return null;
  }
  if (d.reason) {
    return d.reason;
  }
  return d.status === 'deploying'
    ? 'starting the model server…'
    : 'no reason given by the server';
}

export function restartsText(restarts: number): string | null {
  if (restarts <= 0) {
    return null;
  }
  return `restarted ${restarts} time${restarts === 1 ? '' : 's'}`;
}

/** The endpoint's protocol URLs, shown as the URL's tooltip. */
export function endpointPaths(d: IDeployment): string {
  if (!d.url) {
    return '';
  }
  const base = d.url.replace(/\/+$/, '');
  return [
    `V1: POST ${base}/v1/models/${d.name}:predict`,
    `V2: POST ${base}/v2/models/${d.name}/infer`
  ].join('\n');
}

/** `deployed as iris-model (ready)` for the run view. */
export function deployedAsText(d: IDeployment): string {
  return `deployed as ${d.name} (${DEPLOYMENT_STATUS_LABEL[d.status]})`;
}

/**
 * How an artifact of run `runId` is served, for the run view: as the model
 * of a deployment (its canary share, if any), or as the stable model a
 * canary of it left with the rest of the traffic.
 */
export function artifactDeploymentTexts(
  deployments: readonly IDeployment[],
  runId: string,
  artifact: { step: string; name: string }
): Array<{ deployment: IDeployment; text: string }> {
  const same = (where: { runId: string; step: string; artifact: string }) =>
    where.runId === runId &&
    where.step === artifact.step &&
    where.artifact === artifact.name;
  const out: Array<{ deployment: IDeployment; text: string }> = [];
  for (const d of deployments) {
    const share = d.stable ? d.canaryTrafficPercent : null;
    if (same(d)) {
      const canary = share !== null ? `, canary ${share}%` : '';
      out.push({ deployment: d, text: `${deployedAsText(d)}${canary}` });
    } else if (d.stable && same(d.stable)) {
      const status = DEPLOYMENT_STATUS_LABEL[d.status];
      out.push({
        deployment: d,
        text: `stable model of ${d.name} (${status}, ${100 - (share ?? 0)}%)`
      });
    }
  }
  return out;
}
