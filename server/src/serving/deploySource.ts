import { NotAModelError, NotFoundError } from '../errors.js';
import type { ICreateDeploymentRequest } from '../contract/wire.js';
import type { IRunStore } from '../store/RunStore.js';
import type { DeployOptions, IDeploySource } from './DeployTarget.js';
import { inferModelFormat } from './kubernetes/modelFormat.js';

/** What resolving a deployment's source reads from the run store. */
export type DeploySourceStore = Pick<
  IRunStore,
  'getRun' | 'getArtifact' | 'listArtifacts' | 'getSnapshot'
>;

/** The run's artifact to serve, checked: it exists and it is a model. */
export function resolveDeploySource(
  store: DeploySourceStore,
  request: ICreateDeploymentRequest
): IDeploySource {
  const { runId, step, artifact: name } = request;
  const run = store.getRun(runId);
  if (!run) {
    throw new NotFoundError(`no run ${runId}`);
  }
  if (!run.steps.some(s => s.name === step)) {
    throw new NotFoundError(`run ${runId} has no step "${step}"`);
  }
  const artifact = store.getArtifact(runId, step, name);
  if (!artifact) {
    throw new NotFoundError(
      `step "${step}" of run ${runId} has no artifact "${name}"`
    );
  }
  const format = inferModelFormat(artifact);
  if (!format.ok) {
    throw new NotAModelError(format.reason);
  }
  const compiled = store.getSnapshot(runId)?.compiled;
  const stepImage =
    compiled?.steps.find(s => s.name === step)?.properties.runtime_image ??
    null;
  return {
    runId,
    step,
    artifact,
    stepArtifacts: store.listArtifacts(runId).filter(a => a.step === step),
    stepImage,
    runTarget: run.target
  };
}

/** What a target gets beside the source: everything but the what and where. */
export function optionsOf(request: ICreateDeploymentRequest): DeployOptions {
  const {
    name: _n,
    runId: _r,
    step: _s,
    artifact: _a,
    target: _t,
    ...options
  } = request;
  return options;
}
