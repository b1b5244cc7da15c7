import type {
  V1ObjectMeta,
  V1ResourceRequirements
} from '../../kube/client.js';

import { resources } from '../../kube/resources.js';
import * as z from '../../spec/zodMini.js';
import {
  ARTIFACT_ANNOTATION,
  type Checked,
  checkThenBuild,
  CommonInputShape,
  deploymentLabels,
  withReplicaOrder
} from './deploymentInput.js';

export const INFERENCE_SERVICE_API = 'serving.kserve.io/v1beta1';

const InferenceServiceInputSchema = withReplicaOrder(
  z.strictObject({
    ...CommonInputShape,
    storageUri: z
      .string()
      .check(
        z.regex(
          /^[a-z][a-z0-9+.-]*:\/\/\S+$/,
          'must be a URI like pvc://claim/run/step'
        )
      ),
    format: z.strictObject({
      name: z.enum(['sklearn', 'xgboost', 'lightgbm']),
      version: z.optional(z.string().check(z.minLength(1)))
    }),
    /**
     * v1 unless asked: KServe's default, which every predictive runtime
     * serves (kserve-sklearnserver, xgbserver, lgbserver). The KServe
     * Python server answers the V2 paths as well whichever is declared; v2
     * mainly lets KServe pick V2-only runtimes such as MLServer.
     */
    protocolVersion: z.optional(z.enum(['v1', 'v2'])),
    /** A ServingRuntime to use instead of KServe's pick (e.g. one whose image has xgboost). */
    runtime: z.optional(z.string().check(z.minLength(1))),
    /** The predictor's ServiceAccount: with an `s3://` model, the one its S3 credentials Secret is attached to. */
    serviceAccountName: z.optional(z.string().check(z.minLength(1))),
    /** For a new version of a running service: the share of traffic it gets. */
    canaryTrafficPercent: z.optional(z.int().check(z.gte(0), z.lte(100)))
  })
);

export type InferenceServiceInput = z.input<typeof InferenceServiceInputSchema>;

/** The part of KServe's v1beta1 InferenceService that Cellpipe writes. */
export interface IInferenceService {
  apiVersion: typeof INFERENCE_SERVICE_API;
  kind: 'InferenceService';
  metadata: V1ObjectMeta;
  spec: {
    predictor: {
      minReplicas?: number;
      maxReplicas?: number;
      canaryTrafficPercent?: number;
      serviceAccountName?: string;
      model: {
        modelFormat: { name: string; version?: string };
        protocolVersion?: 'v1' | 'v2';
        runtime?: string;
        storageUri: string;
        resources?: V1ResourceRequirements;
      };
    };
  };
}

/** Checks the input (it comes from a request) and builds the InferenceService, or says what is wrong. */
export function buildInferenceService(
  input: InferenceServiceInput
): Checked<IInferenceService> {
  return checkThenBuild(InferenceServiceInputSchema, input, i => ({
    apiVersion: INFERENCE_SERVICE_API,
    kind: 'InferenceService',
    metadata: {
      name: i.name,
      namespace: i.namespace,
      labels: deploymentLabels(i),
      annotations: { [ARTIFACT_ANNOTATION]: i.artifactName }
    },
    spec: { predictor: predictor(i) }
  }));
}

function predictor(
  i: z.output<typeof InferenceServiceInputSchema>
): IInferenceService['spec']['predictor'] {
  const limits = resources(i.resources ?? {});
  return {
    ...defined({
      minReplicas: i.minReplicas,
      maxReplicas: i.maxReplicas,
      canaryTrafficPercent: i.canaryTrafficPercent,
      serviceAccountName: i.serviceAccountName
    }),
    model: {
      modelFormat: i.format,
      ...defined({ protocolVersion: i.protocolVersion, runtime: i.runtime }),
      storageUri: i.storageUri,
      ...(Object.keys(limits).length > 0 && { resources: limits })
    }
  };
}

/** Leaves out what was not given: KServe's defaults apply, and canary stays off. */
function defined<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined)
  ) as Partial<T>;
}
