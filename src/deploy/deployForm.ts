import type { ICreateDeploymentRequest, DeploymentTarget } from '../api/wire';
import type { IClusterView } from '../model/ClusterModel';
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
  minReplicas: string;
  maxReplicas: string;
  /** The last refusal, in words (the server's message). */
  error: string | null;
  /** The input the refusal is about, marked invalid and focused. */
  errorField: 'name' | 'replicas' | null;
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

/** The request to POST; replicas only for Kubernetes. */
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
  if (state.target === 'kubernetes') {
    const min = replicaCount('Min replicas', state.minReplicas);
    const max = replicaCount('Max replicas', state.maxReplicas);
    for (const value of [min, max]) {
      if (typeof value === 'string') {
        return { ok: false, error: value, field: 'replicas' };
      }
    }
    request.minReplicas = min as number;
    request.maxReplicas = max as number;
  }
  return { ok: true, request };
}

/**
 * Which input a refusal of the server is about: the name when it is taken
 * (409) or the request's first problem is at `name`, the replicas when it
 * is at one of them.
 */
export function refusedField(
  kind: string,
  problemPaths: readonly string[]
): IDeployFormState['errorField'] {
  const first = problemPaths[0] ?? '';
  if (kind === 'conflict' || first === 'name') {
    return 'name';
  }
  return /^(min|max)Replicas$/.test(first) ? 'replicas' : null;
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
