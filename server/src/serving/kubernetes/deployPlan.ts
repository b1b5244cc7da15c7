import { NotAModelError, ValidationError } from '../../errors.js';
import type { DeploymentKind } from '../../contract/wire.js';
import { DEFAULT_STEP_IMAGE } from '../../kube/kubernetesOptions.js';
import type { DeployOptions, IDeploySource } from '../DeployTarget.js';
import { artifactFileName, kserveStorageUri } from './artifactLocation.js';
import type { Checked, ISpecError } from './deploymentInput.js';
import {
  buildInferenceService,
  type IInferenceService,
  type InferenceServiceInput
} from './inferenceServiceSpec.js';
import { inferModelFormat, type ModelFormatInference } from './modelFormat.js';
import {
  buildModelServerDeployment,
  type IModelServerObjects,
  type ModelServerInput
} from './modelServerSpec.js';

/** The text of server/runtime/model_server.py and model_protocols.py. */
export type ServerFiles = ModelServerInput['serverFiles'];

export interface IPlanContext {
  namespace: string;
  artifactsClaim: string;
  /** The configured step image (`--image`, `$CELLPIPE_STEP_IMAGE`, default). */
  stepImage: string;
  /** True when the cluster serves `serving.kserve.io/v1beta1` InferenceServices. */
  kserve: boolean;
  /**
   * The ServiceAccount an InferenceService of a model in a bucket runs as:
   * KServe gives its storage initializer the S3 credentials of the Secret
   * attached to it (annotated serving.kserve.io/s3-endpoint and the like).
   */
  s3ServiceAccount: string;
  /** Read only when the plan is the model server. */
  serverFiles: () => ServerFiles;
}

export type DeployPlan =
  | {
      kind: Extract<DeploymentKind, 'inference-service'>;
      inferenceService: IInferenceService;
      /** Roll the new version onto the existing InferenceService of this name. */
      canary: boolean;
      modelFormat: string;
      warnings: string[];
    }
  | {
      kind: Extract<DeploymentKind, 'deployment'>;
      /** The objects, owned by the ConfigMap once its uid is known. */
      objects: (configMapUid?: string) => IModelServerObjects;
      warnings: string[];
    };

/**
 * What deploying means on this cluster, decided and checked before
 * anything is created: an InferenceService where KServe is installed, else
 * Cellpipe's model server in a Deployment. KServe mounts the step's whole
 * folder, so a step that saved another pickled artifact beside the model
 * is served by the model server even there (with a warning), which mounts
 * the one file. Bad input throws ValidationError, naming every field.
 */
export function planDeploy(
  name: string,
  source: IDeploySource,
  options: DeployOptions,
  ctx: IPlanContext
): DeployPlan {
  const format = inferModelFormat(source.artifact);
  if (!format.ok) {
    throw new NotAModelError(format.reason);
  }
  const common: CommonInput = {
    name,
    namespace: ctx.namespace,
    runId: source.runId,
    step: source.step,
    artifactName: source.artifact.name,
    ...defined({
      resources: options.resources,
      minReplicas: options.minReplicas,
      maxReplicas: options.maxReplicas
    })
  };
  const canary = options.canaryTrafficPercent !== undefined;
  const inBucket = source.artifact.path.startsWith('s3://');
  if (!ctx.kserve) {
    if (inBucket) {
      throw new ValidationError(
        `the model is in a bucket (${source.artifact.path}), which Cellpipe's model server ` +
          'on Kubernetes cannot read yet (it mounts the artifacts claim): install KServe, ' +
          'or deploy on "local"'
      );
    }
    if (canary) {
      throw new ValidationError(
        'canaryTrafficPercent needs KServe (serving.kserve.io/v1beta1 InferenceService), ' +
          'which this cluster does not serve; deploy the new version under a new name'
      );
    }
    return planModelServer(common, source, options, ctx, []);
  }
  const uri = kserveStorageUri(
    ctx.artifactsClaim,
    source.runId,
    source.artifact,
    source.stepArtifacts
  );
  if (uri.ok) {
    const account = inBucket
      ? { serviceAccountName: ctx.s3ServiceAccount }
      : {};
    return planInferenceService(
      { ...common, ...account },
      uri.uri,
      format,
      options
    );
  }
  if (canary) {
    throw new ValidationError(uri.reason);
  }
  return planModelServer(common, source, options, ctx, [
    `served by Cellpipe's model server, not KServe: ${uri.reason.replace(/: deploy it with.*$/, '')}`
  ]);
}

type CommonInput = Omit<
  InferenceServiceInput,
  'storageUri' | 'format' | 'canaryTrafficPercent'
>;
type ModelFormatFound = Extract<ModelFormatInference, { ok: true }>;

function planInferenceService(
  common: CommonInput,
  storageUri: string,
  format: ModelFormatFound,
  options: DeployOptions
): DeployPlan {
  const inferenceService = builtOrThrow(
    buildInferenceService({
      ...common,
      storageUri,
      format: format.format,
      ...defined({ canaryTrafficPercent: options.canaryTrafficPercent })
    })
  );
  const warnings = format.note ? [format.note] : [];
  if (options.image !== undefined) {
    warnings.push(
      `image ${options.image} is not used: KServe runs the image of the ServingRuntime it picks for ${format.format.name}`
    );
  }
  return {
    kind: 'inference-service',
    inferenceService,
    canary: options.canaryTrafficPercent !== undefined,
    modelFormat: format.format.name,
    warnings
  };
}

function planModelServer(
  common: CommonInput,
  source: IDeploySource,
  options: DeployOptions,
  ctx: IPlanContext,
  warnings: string[]
): DeployPlan {
  const artifactFile = artifactFileName(source.artifact);
  if (!artifactFile) {
    throw new ValidationError(
      `cannot tell the file name of "${source.artifact.name}" (format ${source.artifact.format})`
    );
  }
  const image = options.image ?? source.stepImage ?? ctx.stepImage;
  if (image === DEFAULT_STEP_IMAGE) {
    warnings.push(
      `the model server runs in ${image}, which has neither joblib nor scikit-learn: ` +
        "give the training step a runtime_image, or choose the deployment's image"
    );
  }
  const input = (configMapUid?: string): ModelServerInput => ({
    ...common,
    artifactFile,
    artifactsClaim: ctx.artifactsClaim,
    image,
    serverFiles: ctx.serverFiles(),
    ...defined({ configMapUid })
  });
  builtOrThrow(buildModelServerDeployment(input())); // every error now, before anything is created
  return {
    kind: 'deployment',
    objects: uid => builtOrThrow(buildModelServerDeployment(input(uid))),
    warnings
  };
}

function builtOrThrow<T>(built: Checked<T>): T {
  if (!built.ok) {
    throw invalid(built.errors);
  }
  return built.value;
}

function invalid(errors: ISpecError[]): ValidationError {
  return new ValidationError(
    `cannot deploy: ${errors.map(e => `${e.field} ${e.message}`).join('; ')}`,
    errors.map(e => ({
      path: e.field,
      message: e.message,
      kind: 'invalid-deployment',
      severity: 'error' as const
    }))
  );
}

function defined<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined)
  ) as Partial<T>;
}
