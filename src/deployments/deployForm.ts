import type { IClusterView } from '../cluster/ClusterModel';
import type { DeploymentTarget, ICreateDeploymentRequest } from '../tokens';
import {
  DEFAULT_CANARY_PERCENT,
  canaryOf,
  canaryPercent,
  canaryRefusalField
} from './canaryForm';
import { defaultDeploymentName } from './deployName';
import type { IModelChoice } from './modelChoices';

/**
 * The deploy dialog's form as pure data. The server checks the request
 * (name rules, the artifact being a model, the cluster); the form only
 * turns what was typed into a request and keeps the server's answer.
 */

export interface IDeployFormState {
  /** The chosen model's key (see `choiceKey`). */
  choice: string;
  name: string;
  /** Once the person typed a name, choosing another model keeps it. */
  nameEdited: boolean;
  target: DeploymentTarget;
  /** Empty for a canary: not sent (KServe's default). */
  minReplicas: string;
  maxReplicas: string;
  /** Kubernetes: the deployment to roll the model onto as a canary; '' for none. */
  canaryOf: string;
  /** The canary's share of requests, 1..99. */
  canaryPercent: string;
  /** The last refusal, in words (the server's message). */
  error: string | null;
  /** The input the refusal is about, marked invalid and focused. */
  errorField: 'name' | 'replicas' | 'canary' | 'canaryPercent' | null;
}

export function suggestedName(
  choice: IModelChoice,
  taken: ReadonlySet<string>
): string {
  return defaultDeploymentName(
    choice.notebookPath ?? choice.runName,
    choice.artifact,
    taken
  );
}

export function initialDeployForm(
  choice: IModelChoice,
  taken: ReadonlySet<string>
): IDeployFormState {
  return {
    choice: choice.key,
    name: suggestedName(choice, taken),
    nameEdited: false,
    target: 'local',
    minReplicas: '1',
    maxReplicas: '1',
    canaryOf: '',
    canaryPercent: String(DEFAULT_CANARY_PERCENT),
    error: null,
    errorField: null
  };
}

/** Another model chosen: its own default name, unless the person typed one. */
export function chooseModel(
  state: IDeployFormState,
  choice: IModelChoice,
  taken: ReadonlySet<string>
): IDeployFormState {
  return {
    ...state,
    choice: choice.key,
    name: state.nameEdited ? state.name : suggestedName(choice, taken)
  };
}

function replicaCount(label: string, text: string): number | string {
  const t = text.trim();
  return /^\d+$/.test(t)
    ? Number(t)
    : `${label} must be a whole number, e.g. 1.`;
}

export type DeployRequestResult =
  | { ok: true; request: ICreateDeploymentRequest }
  | { ok: false; error: string; field: IDeployFormState['errorField'] };

type Refused = Extract<DeployRequestResult, { ok: false }>;
type KubernetesPart = Partial<
  Pick<
    ICreateDeploymentRequest,
    'name' | 'minReplicas' | 'maxReplicas' | 'canaryTrafficPercent'
  >
>;

/** The replicas typed; for a canary, empty ones are not sent. */
function replicasPart(
  state: IDeployFormState,
  canary: boolean
): KubernetesPart | Refused {
  const part: KubernetesPart = {};
  const fields = [
    ['minReplicas', 'Min replicas', state.minReplicas],
    ['maxReplicas', 'Max replicas', state.maxReplicas]
  ] as const;
  for (const [key, label, text] of fields) {
    if (canary && text.trim() === '') {
      continue;
    }
    const value = replicaCount(label, text);
    if (typeof value === 'string') {
      return { ok: false, error: value, field: 'replicas' };
    }
    part[key] = value;
  }
  return part;
}

/** Replicas, and for a canary the deployment's name and the share. */
function kubernetesPart(state: IDeployFormState): KubernetesPart | Refused {
  const base = canaryOf(state);
  const replicas = replicasPart(state, base !== null);
  if (base === null || 'ok' in replicas) {
    return replicas;
  }
  const percent = canaryPercent(state.canaryPercent);
  if (typeof percent === 'string') {
    return { ok: false, error: percent, field: 'canaryPercent' };
  }
  return { ...replicas, name: base, canaryTrafficPercent: percent };
}

/**
 * The request to POST; replicas only for Kubernetes. A canary goes under
 * the name of the deployment it rolls onto, with its share of traffic.
 */
export function deployRequest(
  state: IDeployFormState,
  choices: readonly IModelChoice[]
): DeployRequestResult {
  const choice = choices.find(c => c.key === state.choice);
  if (!choice) {
    return { ok: false, error: 'Choose a model to deploy.', field: null };
  }
  const request: ICreateDeploymentRequest = {
    runId: choice.runId,
    step: choice.step,
    artifact: choice.artifact,
    name: state.name.trim(),
    target: state.target
  };
  if (state.target !== 'kubernetes') {
    return { ok: true, request };
  }
  const part = kubernetesPart(state);
  return 'ok' in part ? part : { ok: true, request: { ...request, ...part } };
}

/** A refusal of the server: its kind, message and problems' paths. */
export interface IRefusal {
  kind: string;
  message: string;
  paths: readonly string[];
}

/**
 * Which input a refusal of the server is about: the name when it is taken
 * (409) or the request's first problem is at `name`, the replicas when it
 * is at one of them. For a canary, the deployment rolled onto or the share
 * (see `canaryRefusalField`) instead of the name, which is not typed then.
 */
export function refusedField(
  state: IDeployFormState,
  refusal: IRefusal
): IDeployFormState['errorField'] {
  const first = refusal.paths[0] ?? '';
  if (/^(min|max)Replicas$/.test(first)) {
    return 'replicas';
  }
  const base = canaryOf(state);
  if (base !== null) {
    return canaryRefusalField(refusal, base);
  }
  return refusal.kind === 'conflict' || first === 'name' ? 'name' : null;
}

/** Whether the `kubernetes` target can be chosen, and why not. */
export function kubernetesOption(view: IClusterView): {
  enabled: boolean;
  note: string | null;
} {
  const status = view.status;
  if (status?.reachable) {
    return { enabled: true, note: null };
  }
  if (status) {
    const why = status.configured ? 'cluster unreachable' : 'not configured';
    return { enabled: false, note: why };
  }
  if (view.loading || !view.error) {
    return { enabled: false, note: 'checking the cluster…' };
  }
  return { enabled: false, note: `cluster status unavailable: ${view.error}` };
}
