import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  PatchStrategy,
  setHeaderOptions
} from '../../kube/client.js';

import { MANAGED_BY, MANAGER } from '../../kube/labels.js';
import {
  describeKubeError,
  isConflict,
  isNotFound
} from '../../kube/kubeErrors.js';
import { ConflictError, ValidationError } from '../../errors.js';
import * as z from '../../spec/zodMini.js';
import { ARTIFACT_ANNOTATION } from './deploymentInput.js';
import type { DeployPlan } from './deployPlan.js';
import { KSERVE_GROUP, KSERVE_PLURAL, KSERVE_VERSION } from './DeployWatch.js';
import type { IInferenceService } from './inferenceServiceSpec.js';
import { predictorService } from './inferenceServiceStatus.js';
import { modelServerConfigMapName } from './modelServerSpec.js';

/** Where a deployment's objects are: stored in `state.handle`. */
const HandleSchema = z.object({
  namespace: z.string().check(z.minLength(1)),
  /** The InferenceService's or the Deployment's name. */
  object: z.string().check(z.minLength(1)),
  /** The Service test requests go to through the API server's proxy. */
  service: z.string().check(z.minLength(1)),
  port: z.int().check(z.positive())
});
export type KubeHandle = z.infer<typeof HandleSchema>;

export function readHandle(handle: unknown): KubeHandle | null {
  const parsed = HandleSchema.safeParse(handle);
  return parsed.success ? parsed.data : null;
}

/** What was created; a string says in words why it could not be. */
export type Created = { handle: KubeHandle; url: string | null } | string;

type IsvcPlan = Extract<DeployPlan, { kind: 'inference-service' }>;
type ServerPlan = Extract<DeployPlan, { kind: 'deployment' }>;

export function kserveResource(namespace: string) {
  return {
    group: KSERVE_GROUP,
    version: KSERVE_VERSION,
    plural: KSERVE_PLURAL,
    namespace
  };
}

/**
 * The API requests deploying makes (the states come from the informers).
 * Refusals the user can act on come back as words; a name that is taken
 * throws ConflictError, a canary of nothing ValidationError (nothing was
 * created either way).
 */
export class DeployCalls {
  private readonly core: CoreV1Api;
  private readonly apps: AppsV1Api;
  private readonly custom: CustomObjectsApi;

  constructor(
    private readonly kc: KubeConfig,
    private readonly answerTimeoutMs = 15_000
  ) {
    this.core = kc.makeApiClient(CoreV1Api);
    this.apps = kc.makeApiClient(AppsV1Api);
    this.custom = kc.makeApiClient(CustomObjectsApi);
  }

  /**
   * Whether the cluster serves InferenceServices, from API discovery (which
   * every authenticated user may read); a string says why the cluster
   * could not be asked.
   */
  async discoverKServe(): Promise<boolean | string> {
    const ms = this.answerTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>(resolve => {
      timer = setTimeout(
        () =>
          resolve(
            `cannot reach the Kubernetes API server at ${this.kc.getCurrentCluster()?.server ?? '?'} (no answer within ${ms / 1000} s)`
          ),
        ms
      );
    });
    const ask = this.custom
      .getAPIResources({ group: KSERVE_GROUP, version: KSERVE_VERSION })
      .then(
        list => list.resources.some(r => r.name === KSERVE_PLURAL),
        (err: unknown) =>
          isNotFound(err) ? false : describeKubeError(err).message
      );
    try {
      return await Promise.race([ask, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async createInferenceService(
    name: string,
    namespace: string,
    plan: IsvcPlan
  ): Promise<Created> {
    const handle: KubeHandle = {
      namespace,
      object: name,
      ...predictorService(name, namespace, undefined)
    };
    try {
      if (plan.canary) {
        const url = await this.rollCanary(name, namespace, plan);
        return { handle, url };
      }
      await this.custom.createNamespacedCustomObject({
        ...kserveResource(namespace),
        body: plan.inferenceService
      });
      return { handle, url: null };
    } catch (err) {
      if (isConflict(err) && !plan.canary) {
        throw new ConflictError(
          `an InferenceService named "${name}" already exists in namespace "${namespace}": ` +
            'undeploy it first, or deploy the new version as a canary (canaryTrafficPercent)'
        );
      }
      if (err instanceof ValidationError || err instanceof ConflictError) {
        throw err;
      }
      return `could not ${plan.canary ? 'update' : 'create'} the InferenceService: ${describeKubeError(err).message}`;
    }
  }

  /**
   * KServe's canary rollout: the existing InferenceService gets the new
   * predictor (storageUri, replicas, resources) with `canaryTrafficPercent`;
   * KServe keeps the last fully rolled-out revision for the rest of the
   * traffic. A JSON patch that first tests the resourceVersion read, so a
   * concurrent change is not overwritten.
   */
  private async rollCanary(
    name: string,
    namespace: string,
    plan: IsvcPlan
  ): Promise<string | null> {
    const existing = await this.readOwnInferenceService(name, namespace);
    await this.custom.patchNamespacedCustomObject(
      {
        ...kserveResource(namespace),
        name,
        body: canaryPatch(existing, plan.inferenceService)
      },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch)
    );
    return existing.status?.url ?? null;
  }

  /** The InferenceService a canary rolls onto: it must exist and be ours. */
  private async readOwnInferenceService(
    name: string,
    namespace: string
  ): Promise<ExistingIsvc> {
    let existing: ExistingIsvc;
    try {
      existing = (await this.custom.getNamespacedCustomObject({
        ...kserveResource(namespace),
        name
      })) as ExistingIsvc;
    } catch (err) {
      if (isNotFound(err)) {
        throw new ValidationError(
          `there is no InferenceService "${name}" in namespace "${namespace}" to roll a canary onto: deploy it without canaryTrafficPercent first`
        );
      }
      throw err;
    }
    if (existing.metadata.labels?.[MANAGED_BY] !== MANAGER) {
      throw new ConflictError(
        `the InferenceService "${name}" in namespace "${namespace}" was not made by Cellpipe`
      );
    }
    return existing;
  }

  /**
   * The ConfigMap first (its uid makes it the owner of the rest, so the
   * garbage collector removes them with it); when a later create fails,
   * the ConfigMap is deleted again.
   */
  async createModelServer(
    name: string,
    namespace: string,
    plan: ServerPlan
  ): Promise<Created> {
    const first = plan.objects();
    let uid: string;
    try {
      const cm = await this.core.createNamespacedConfigMap({
        namespace,
        body: first.configMap
      });
      uid = cm.metadata!.uid!;
    } catch (err) {
      return refused(err, 'ConfigMap', first.configMap.metadata!.name!, {
        namespace,
        what: "the model server's ConfigMap"
      });
    }
    const objects = plan.objects(uid);
    const step = { what: "the model server's Deployment", kind: 'Deployment' };
    try {
      await this.apps.createNamespacedDeployment({
        namespace,
        body: objects.deployment
      });
      step.what = "the model server's Service";
      step.kind = 'Service';
      await this.core.createNamespacedService({
        namespace,
        body: objects.service
      });
    } catch (err) {
      await this.core
        .deleteNamespacedConfigMap({
          name: modelServerConfigMapName(name),
          namespace,
          propagationPolicy: 'Background'
        })
        .catch(() => undefined);
      return refused(err, step.kind, name, { namespace, what: step.what });
    }
    const port = objects.service.spec!.ports![0].port;
    return {
      handle: { namespace, object: name, service: name, port },
      url: `http://${name}.${namespace}.svc.cluster.local${port === 80 ? '' : `:${port}`}`
    };
  }
}

function refused(
  err: unknown,
  kind: string,
  name: string,
  where: { namespace: string; what: string }
): string {
  if (isConflict(err)) {
    throw new ConflictError(
      `a ${kind} named "${name}" already exists in namespace "${where.namespace}"`
    );
  }
  return `could not create ${where.what}: ${describeKubeError(err).message}`;
}

type ExistingIsvc = IInferenceService & {
  metadata: { resourceVersion?: string };
  status?: { url?: string };
};

/** The new predictor, labels and artifact, guarded by the resourceVersion read. */
function canaryPatch(existing: ExistingIsvc, wanted: IInferenceService) {
  return [
    {
      op: 'test',
      path: '/metadata/resourceVersion',
      value: existing.metadata.resourceVersion
    },
    { op: 'replace', path: '/spec/predictor', value: wanted.spec.predictor },
    {
      op: 'add',
      path: '/metadata/labels',
      value: { ...existing.metadata.labels, ...wanted.metadata.labels }
    },
    {
      op: 'add',
      path: '/metadata/annotations',
      value: {
        ...existing.metadata.annotations,
        [ARTIFACT_ANNOTATION]: wanted.metadata.annotations![ARTIFACT_ANNOTATION]
      }
    }
  ];
}
