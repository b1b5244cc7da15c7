/**
 * Labels every object Cellpipe creates in a cluster carries (Jobs, pods,
 * ConfigMaps, model servers, InferenceServices); the informers select on
 * the first.
 */
export const MANAGED_BY = 'app.kubernetes.io/managed-by';
export const MANAGER = 'cellpipe';
export const RUN_LABEL = 'cellpipe.io/run';
export const STEP_LABEL = 'cellpipe.io/step';
export const MANAGED_SELECTOR = `${MANAGED_BY}=${MANAGER}`;
