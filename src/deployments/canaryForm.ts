import type { IDeployment } from '../tokens';

/**
 * Rolling a model out as a KServe canary of an existing Kubernetes
 * deployment: which deployments can be chosen, and the form's canary
 * inputs as pure data. The server checks the rest (KServe, the name).
 */

/** The share of requests a new canary takes unless another is typed. */
export const DEFAULT_CANARY_PERCENT = 10;

/** What the form keeps about the canary (part of `IDeployFormState`). */
export interface ICanaryInputs {
  target: IDeployment['target'];
  /** The deployment rolled onto; '' for a plain deploy. */
  canaryOf: string;
  canaryPercent: string;
  minReplicas: string;
  maxReplicas: string;
}

/** The deployments a canary can roll onto: the Kubernetes ones. */
export function canaryBases(
  deployments: readonly IDeployment[]
): IDeployment[] {
  return deployments.filter(d => d.target === 'kubernetes');
}

/** `iris-model (KServe · run r-1 · step train · model)` */
export function canaryBaseLabel(d: IDeployment): string {
  const kind =
    d.kind === 'inference-service' ? 'KServe' : 'Deployment, not KServe';
  return `${d.name} (${kind} · run ${d.runId} · step ${d.step} · ${d.artifact})`;
}

/** The deployment the form rolls a canary onto; null for a plain deploy. */
export function canaryOf(state: ICanaryInputs): string | null {
  return state.target === 'kubernetes' && state.canaryOf !== ''
    ? state.canaryOf
    : null;
}

const asText = (n: number | null): string => (n === null ? '' : String(n));

/** Empty replicas of a plain deploy are 1, as when the dialog opened. */
function plainReplicas(
  state: ICanaryInputs
): Pick<ICanaryInputs, 'minReplicas' | 'maxReplicas'> {
  const one = (text: string) => (text.trim() === '' ? '1' : text);
  return {
    minReplicas: one(state.minReplicas),
    maxReplicas: one(state.maxReplicas)
  };
}

/**
 * Another deployment chosen to roll onto (null: none, a plain deploy).
 * The replicas start as the chosen deployment's (empty when it set none,
 * so none are sent); back to a plain deploy, empty replicas are 1 again.
 */
export function chooseCanaryBase(
  state: ICanaryInputs,
  base: IDeployment | null
): Partial<ICanaryInputs> {
  if (!base) {
    return { canaryOf: '', ...plainReplicas(state) };
  }
  return {
    canaryOf: base.name,
    minReplicas: asText(base.minReplicas),
    maxReplicas: asText(base.maxReplicas)
  };
}

/** The typed share as a number, or why it is not one. */
export function canaryPercent(text: string): number | string {
  const t = text.trim();
  const n = /^\d+$/.test(t) ? Number(t) : NaN;
  return n >= 1 && n <= 99
    ? n
    : 'Canary traffic must be a whole percent from 1 to 99, e.g. 10.';
}

/**
 * The canary input a refusal of a rollout is about: the share when it is
 * the problem; the deployment rolled onto when its name is, when there is
 * no such deployment (404), or when it cannot take a canary (not on KServe,
 * on another target: the server's message names KServe or the deployment).
 */
export function canaryRefusalField(
  refusal: { kind: string; message: string; paths: readonly string[] },
  base: string
): 'canary' | 'canaryPercent' | null {
  const first = refusal.paths[0] ?? '';
  if (first === 'canaryTrafficPercent') {
    return 'canaryPercent';
  }
  if (first === 'name' || refusal.kind === 'conflict') {
    return 'canary';
  }
  const { kind, message } = refusal;
  const aboutBase =
    kind === 'not_found'
      ? message.includes(`deployment named "${base}"`)
      : kind === 'invalid_request' &&
        (/KServe|InferenceService|canary/i.test(message) ||
          message.includes(`"${base}"`));
  return aboutBase ? 'canary' : null;
}
