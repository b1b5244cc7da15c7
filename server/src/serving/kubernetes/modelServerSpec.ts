import type {
  V1ConfigMap,
  V1Container,
  V1Deployment,
  V1ObjectMeta,
  V1OwnerReference,
  V1Service,
  V1Volume
} from '../../kube/client.js';

import { resources } from '../../kube/resources.js';
import {
  DEFAULT_ARTIFACTS_CLAIM,
  DEFAULT_STEP_IMAGE
} from '../../kube/kubernetesOptions.js';
import * as z from '../../spec/zodMini.js';
import {
  ARTIFACT_ANNOTATION,
  type Checked,
  checkThenBuild,
  CommonInputShape,
  DEPLOYMENT_LABEL,
  deploymentLabels,
  withReplicaOrder
} from './deploymentInput.js';

/** Where the pod sees the server's code and the model, and where it listens. */
export const SERVER_MOUNT = '/cellpipe/server';
export const MODEL_DIR = '/cellpipe/model';
export const MODEL_PORT = 8080;
export const CONTAINER = 'model';

const ModelServerInputSchema = withReplicaOrder(
  z.strictObject({
    ...CommonInputShape,
    /** The data file beside `<artifactName>.json` on the claim, e.g. `model.joblib`. */
    artifactFile: z
      .string()
      .check(
        z.regex(
          /^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z0-9]+$/,
          'must be a file name like model.joblib'
        )
      ),
    artifactsClaim: z._default(
      z.string().check(z.minLength(1)),
      DEFAULT_ARTIFACTS_CLAIM
    ),
    /**
     * It must have joblib and scikit-learn (and xgboost or lightgbm for
     * their models), at versions that can load the pickle: the image the
     * training step ran in is the safe choice. The default only has Python.
     */
    image: z._default(z.string().check(z.minLength(1)), DEFAULT_STEP_IMAGE),
    /** The text of server/runtime/model_server.py and model_protocols.py. */
    serverFiles: z.strictObject({
      'model_server.py': z.string().check(z.minLength(1)),
      'model_protocols.py': z.string().check(z.minLength(1))
    }),
    /** The created ConfigMap's uid: it then owns the Deployment and Service, as a run's owns its Jobs. */
    configMapUid: z.optional(z.string().check(z.minLength(1)))
  })
);

export type ModelServerInput = z.input<typeof ModelServerInputSchema>;
type Input = z.output<typeof ModelServerInputSchema>;

export interface IModelServerObjects {
  configMap: V1ConfigMap;
  deployment: V1Deployment;
  service: V1Service;
}

export function modelServerConfigMapName(name: string): string {
  return `${name}-model-server`;
}

/** Checks the input and builds the ConfigMap, Deployment and Service of a model server. */
export function buildModelServerDeployment(
  input: ModelServerInput
): Checked<IModelServerObjects> {
  return checkThenBuild(ModelServerInputSchema, input, i => ({
    configMap: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { ...meta(i), name: modelServerConfigMapName(i.name) },
      data: { ...i.serverFiles }
    },
    deployment: deployment(i),
    service: service(i)
  }));
}

function meta(i: Input): V1ObjectMeta {
  return {
    name: i.name,
    namespace: i.namespace,
    labels: deploymentLabels(i),
    annotations: { [ARTIFACT_ANNOTATION]: i.artifactName }
  };
}

function owned(i: Input): V1ObjectMeta {
  const owner: V1OwnerReference[] = i.configMapUid
    ? [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          name: modelServerConfigMapName(i.name),
          uid: i.configMapUid
        }
      ]
    : [];
  return { ...meta(i), ...(owner.length > 0 && { ownerReferences: owner }) };
}

/** Only the deployment label: a selector is immutable, and a new version changes run and step. */
function selector(i: Input): Record<string, string> {
  return { [DEPLOYMENT_LABEL]: i.name };
}

function deployment(i: Input): V1Deployment {
  const { labels, annotations } = meta(i);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: owned(i),
    spec: {
      // No activator wakes a plain Deployment from zero, so it keeps one pod.
      replicas: Math.max(1, i.minReplicas ?? 1),
      selector: { matchLabels: selector(i) },
      template: {
        metadata: { labels, annotations },
        spec: {
          // The server never calls the Kubernetes API.
          automountServiceAccountToken: false,
          containers: [container(i)],
          volumes: volumes(i)
        }
      }
    }
  };
}

function container(i: Input): V1Container {
  const limits = resources(i.resources ?? {});
  const probe = (path: string) => ({ httpGet: { path, port: MODEL_PORT } });
  return {
    name: CONTAINER,
    image: i.image,
    command: [
      'python3',
      `${SERVER_MOUNT}/model_server.py`,
      ...['--model-dir', MODEL_DIR, '--name', i.name],
      ...['--port', String(MODEL_PORT), '--host', '0.0.0.0']
    ],
    ports: [{ name: 'http', containerPort: MODEL_PORT, protocol: 'TCP' }],
    // The code's folder is a read-only ConfigMap: no __pycache__ to write.
    env: [{ name: 'PYTHONDONTWRITEBYTECODE', value: '1' }],
    ...(Object.keys(limits).length > 0 && { resources: limits }),
    // The port opens only once the model is loaded (seconds for a large
    // one): the startup probe gives it 5 minutes before liveness counts.
    startupProbe: {
      ...probe('/v2/health/live'),
      periodSeconds: 5,
      failureThreshold: 60
    },
    readinessProbe: { ...probe('/v2/health/ready'), periodSeconds: 5 },
    livenessProbe: { ...probe('/v2/health/live'), periodSeconds: 10 },
    volumeMounts: [
      { name: 'server', mountPath: SERVER_MOUNT, readOnly: true },
      ...modelFileMounts(i)
    ]
  };
}

/**
 * model_server.py serves the one sidecar in --model-dir, and a step's folder
 * often holds several artifacts. Mounting just the sidecar and its data file
 * (subPath mounts of single files) gives it a folder with exactly one, with
 * no change to the server. Artifacts are written once per run, so the
 * mounts never go stale.
 */
function modelFileMounts(i: Input) {
  return [`${i.artifactName}.json`, i.artifactFile].map(file => ({
    name: 'artifacts',
    mountPath: `${MODEL_DIR}/${file}`,
    subPath: `${i.runId}/${i.step}/${file}`,
    readOnly: true
  }));
}

function volumes(i: Input): V1Volume[] {
  return [
    {
      name: 'server',
      configMap: { name: modelServerConfigMapName(i.name) }
    },
    {
      name: 'artifacts',
      persistentVolumeClaim: { claimName: i.artifactsClaim, readOnly: true }
    }
  ];
}

function service(i: Input): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: owned(i),
    spec: {
      type: 'ClusterIP',
      selector: selector(i),
      ports: [
        { name: 'http', port: 80, targetPort: MODEL_PORT, protocol: 'TCP' }
      ]
    }
  };
}
