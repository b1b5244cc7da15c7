import type { DeploymentKind } from '../../contract/wire.js';
import type { DeployOptions, IDeploymentState } from '../DeployTarget.js';
import type { Created } from './deployCalls.js';
import type { DeployPlan } from './deployPlan.js';

/** The state deploy() resolves with once the objects are created: deploying, and what it waits for. */
export function deployingState(
  plan: DeployPlan,
  created: Exclude<Created, string>,
  namespace: string,
  options: DeployOptions
): IDeploymentState {
  return {
    kind: plan.kind,
    status: 'deploying',
    reason:
      plan.kind === 'inference-service'
        ? plan.canary
          ? `rolling out the new version as a canary (${options.canaryTrafficPercent}% of requests)`
          : 'waiting for KServe to take up the InferenceService'
        : 'waiting for the model server’s pod to be created',
    url: created.url,
    namespace,
    warnings: plan.warnings,
    ...(plan.kind === 'inference-service' && {
      modelFormat: plan.modelFormat
    }),
    handle: created.handle
  };
}

/** A deployment that could not be made, with the reason in words. */
export function failed(
  kind: DeploymentKind,
  namespace: string,
  reason: string,
  warnings: string[] = []
): IDeploymentState {
  return { kind, status: 'failed', reason, url: null, namespace, warnings };
}
