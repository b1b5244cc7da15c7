import type { DeploymentStatus } from '../../contract/wire.js';

/** The parts of a KServe v1beta1 InferenceService's status Cellpipe reads. */
export interface IInferenceServiceStatus {
  url?: string;
  address?: { url?: string };
  deploymentMode?: string;
  conditions?: ICondition[];
  components?: {
    predictor?: {
      url?: string;
      address?: { url?: string };
      latestReadyRevision?: string;
      latestCreatedRevision?: string;
    };
  };
  modelStatus?: {
    transitionStatus?: string;
    states?: { activeModelState?: string; targetModelState?: string };
    lastFailureInfo?: {
      reason?: string;
      message?: string;
      location?: string;
      exitCode?: number;
    };
  };
}

export interface ICondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** An InferenceService as the watch delivers it (spec only as far as it is read). */
export interface IWatchedInferenceService {
  metadata?: { name?: string; namespace?: string };
  spec?: {
    predictor?: {
      model?: { modelFormat?: { name?: string }; runtime?: string };
    };
  };
  status?: IInferenceServiceStatus;
}

export interface IObservedState {
  status: DeploymentStatus;
  reason: string | null;
  url: string | null;
}

/**
 * Knative reasons after which the revision will not come up by waiting
 * (the image cannot be found, the container exits at once, the progress
 * deadline passed).
 */
const FATAL_CONDITION_REASONS = new Set([
  'ProgressDeadlineExceeded',
  'RevisionFailed',
  'ContainerMissing',
  'ExitCode',
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImagePull',
  'CrashLoopBackOff',
  'FailedCreate'
]);

/** Where KServe's status says the model failed for good. */
const FAILED_TRANSITIONS = new Set(['InvalidSpec', 'BlockedByFailedLoad']);

/**
 * KServe's word on the InferenceService, in Cellpipe's states. Ready means
 * the `Ready` condition is True and, when KServe reports model states, the
 * active model is `Loaded`. KServe records why a model cannot be served in
 * `status.modelStatus` (`transitionStatus` InvalidSpec or
 * BlockedByFailedLoad, `lastFailureInfo`), which is `failed` with its reason
 * in words; a condition that is False explains a wait.
 */
export function inferenceServiceState(
  isvc: IWatchedInferenceService,
  wasReady: boolean
): IObservedState {
  const status = isvc.status ?? {};
  const url = status.url ?? null;
  const model = status.modelStatus;
  const failedModel =
    FAILED_TRANSITIONS.has(model?.transitionStatus ?? '') ||
    model?.states?.activeModelState === 'FailedToLoad' ||
    model?.states?.targetModelState === 'FailedToLoad';
  const ready = conditionIs(status, 'Ready', 'True');
  const loaded =
    !model?.states?.activeModelState ||
    model.states.activeModelState === 'Loaded';
  if (failedModel) {
    // A canary that fails to load leaves the previous model serving
    // (Ready stays True): the deployment has failed all the same, since
    // the version asked for will not come up without a change.
    return { status: 'failed', reason: failureInWords(isvc), url };
  }
  if (ready && loaded) {
    return { status: 'ready', reason: null, url };
  }
  const waiting = notReadyInWords(isvc, ready);
  if (waiting.fatal) {
    return { status: 'failed', reason: waiting.reason, url };
  }
  return {
    status: wasReady ? 'unready' : 'deploying',
    reason: waiting.reason,
    url
  };
}

function conditionIs(
  status: IInferenceServiceStatus,
  type: string,
  value: string
): boolean {
  return (status.conditions ?? []).some(
    c => c.type === type && c.status === value
  );
}

/** `lastFailureInfo` in words; KServe's reasons are an enum (FailureReason). */
export function failureInWords(isvc: IWatchedInferenceService): string {
  const info = isvc.status?.modelStatus?.lastFailureInfo;
  const format = isvc.spec?.predictor?.model?.modelFormat?.name ?? '?';
  const runtime = isvc.spec?.predictor?.model?.runtime;
  const detail = info?.message?.trim();
  const tail = detail ? `: ${detail}` : '';
  switch (info?.reason) {
    case 'NoSupportingRuntime':
      return (
        `no ServingRuntime supports model format ${format}` +
        `${runtime ? ` (asked for runtime "${runtime}")` : ''}${tail}` +
        ' (install KServe’s runtimes, or one whose image has the library)'
      );
    case 'RuntimeNotRecognized':
      return `KServe does not know the ServingRuntime${runtime ? ` "${runtime}"` : ''}${tail}`;
    case 'RuntimeDisabled':
      return `the ServingRuntime${runtime ? ` "${runtime}"` : ''} is disabled${tail}`;
    case 'ModelLoadFailed':
      return (
        'the model failed to load' +
        (info?.exitCode ? ` (exit code ${info.exitCode})` : '') +
        (info?.location ? ` in ${info.location}` : '') +
        tail
      );
    case 'RuntimeUnhealthy':
      return `the serving runtime is not healthy${tail}`;
    case 'InvalidPredictorSpec':
      return `KServe refused the predictor${tail}`;
    case undefined:
    case '':
      return `the model cannot be loaded (${isvc.status?.modelStatus?.transitionStatus ?? 'FailedToLoad'})`;
    default:
      return `${info?.reason}${tail}`;
  }
}

/** Why it is not ready yet: the first False condition (Ready last), else the model's state. */
function notReadyInWords(
  isvc: IWatchedInferenceService,
  ready: boolean
): { reason: string; fatal: boolean } {
  const status = isvc.status ?? {};
  const conditions = status.conditions ?? [];
  if (conditions.length === 0) {
    return {
      reason:
        'waiting for KServe to take up the InferenceService (it has no status yet; is the KServe controller running?)',
      fatal: false
    };
  }
  if (ready) {
    const state = status.modelStatus?.states?.activeModelState ?? '?';
    return { reason: `the model is ${state.toLowerCase()}`, fatal: false };
  }
  const notTrue = conditions.filter(c => c.status !== 'True');
  const blame =
    notTrue.find(c => c.type !== 'Ready' && (c.reason || c.message)) ??
    notTrue.find(c => c.type === 'Ready') ??
    notTrue[0];
  if (!blame) {
    return { reason: 'not ready yet', fatal: false };
  }
  const why = [blame.reason, blame.message?.trim()].filter(Boolean).join(': ');
  return {
    reason: `${blame.type} is ${blame.status}${why ? ` (${why})` : ''}`,
    fatal:
      blame.status === 'False' &&
      FATAL_CONDITION_REASONS.has(blame.reason ?? '')
  };
}

/**
 * The Service the API server's proxy sends test requests to. In
 * RawDeployment mode KServe makes a ClusterIP Service for the predictor,
 * whose cluster-local address the status gives (`<name>-predictor` in
 * current releases); in Serverless mode that name is an ExternalName for
 * Knative's gateway, which the API server cannot reach, so requests go to
 * the latest ready revision's private Service (its queue-proxy) instead.
 */
export function predictorService(
  name: string,
  namespace: string,
  isvc: IWatchedInferenceService | undefined
): { service: string; port: number } {
  const predictor = isvc?.status?.components?.predictor;
  const serverless =
    isvc?.status?.deploymentMode === 'Serverless' ||
    !!predictor?.latestReadyRevision;
  if (serverless && predictor?.latestReadyRevision) {
    return { service: `${predictor.latestReadyRevision}-private`, port: 80 };
  }
  const local = [predictor?.address?.url, isvc?.status?.address?.url]
    .map(url => clusterLocalService(url, namespace))
    .find(Boolean);
  return local ?? { service: `${name}-predictor`, port: 80 };
}

/** `http://churn-predictor.ml.svc.cluster.local[:port]` → churn-predictor. */
function clusterLocalService(
  url: string | undefined,
  namespace: string
): { service: string; port: number } | undefined {
  if (!url) {
    return undefined;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const [service, ns, svc] = parsed.hostname.split('.');
  if (ns !== namespace || svc !== 'svc' || !service) {
    return undefined;
  }
  const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
  return { service, port };
}
