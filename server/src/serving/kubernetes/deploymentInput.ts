import {
  MANAGED_BY,
  MANAGER,
  RUN_LABEL,
  STEP_LABEL
} from '../../kube/labels.js';
import { StepPropertiesSchema } from '../../spec/pipelineSchema.js';
import { stepKubernetesName, stepNameProblem } from '../../spec/stepName.js';
import * as z from '../../spec/zodMini.js';

/** What both deployment builders (KServe and our own model server) take and check. */
export const DEPLOYMENT_LABEL = 'cellpipe.io/deployment';
export const ARTIFACT_ANNOTATION = 'cellpipe.io/artifact';
/**
 * KServe names the objects it derives from an InferenceService
 * `<name>-predictor-…` (plus Knative's revision suffix), and those must fit
 * 63 characters; the model-server path keeps the same limit so that one name
 * works on either path.
 */
export const MAX_NAME_LENGTH = 45;

// The step properties' label schemas and resource fields, so that a
// deployment accepts exactly what a step accepts.
const podLabels = StepPropertiesSchema.shape.kubernetes_pod_labels;
const labelValue = podLabels.def.innerType.def.valueType;

export const ResourcesSchema = z.pick(StepPropertiesSchema, {
  cpu: true,
  cpu_limit: true,
  memory: true,
  memory_limit: true,
  gpu: true,
  gpu_vendor: true
});

/** Service and InferenceService names are DNS-1035 labels: a letter first. */
const name = z
  .string()
  .check(
    z.maxLength(
      MAX_NAME_LENGTH,
      `must be at most ${MAX_NAME_LENGTH} characters`
    ),
    z.regex(
      /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
      'must be lower-case letters, digits and -, starting with a letter and ending with a letter or digit'
    )
  );

export const CommonInputShape = {
  name,
  namespace: z
    .string()
    .check(
      z.maxLength(63, 'must be at most 63 characters'),
      z.regex(
        /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
        'must be a namespace name (lower-case letters, digits and -)'
      )
    ),
  // Run and step become label values and path segments on the claim (the
  // step as its Kubernetes name in labels: Kale's `load_data` is `load-data`).
  runId: labelValue.check(z.minLength(1, 'must not be empty')),
  step: z.string().check(
    z.minLength(1, 'must not be empty'),
    z.refine(step => stepNameProblem(step) === null, 'must be a step name')
  ),
  artifactName: z
    .string()
    .check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a Python identifier')),
  resources: z.optional(ResourcesSchema),
  minReplicas: z.optional(z.int().check(z.gte(0))),
  // KServe reads maxReplicas 0 as "no limit": leave it out to mean that.
  maxReplicas: z.optional(z.int().check(z.gte(1))),
  labels: podLabels
};

type Replicas = { minReplicas?: unknown; maxReplicas?: unknown };

function bothReplicaCounts(value: unknown): boolean {
  const v = value as Replicas | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    Number.isInteger(v.minReplicas) &&
    Number.isInteger(v.maxReplicas)
  );
}

/** Checks min ≤ max even when other fields are wrong, so every error shows at once. */
export function withReplicaOrder<T extends z.ZodMiniType<Replicas>>(schema: T) {
  return schema.check(
    z.refine(
      v =>
        v.minReplicas === undefined ||
        v.maxReplicas === undefined ||
        Number(v.minReplicas) <= Number(v.maxReplicas),
      {
        message: 'must not be more than maxReplicas',
        path: ['minReplicas'],
        when: payload => bothReplicaCounts(payload.value)
      }
    )
  );
}

/** One problem with a builder's input: which field, and what is wrong with it. */
export interface ISpecError {
  field: string;
  message: string;
}

export type Checked<T> =
  { ok: true; value: T } | { ok: false; errors: ISpecError[] };

export function check<S extends z.ZodMiniType>(
  schema: S,
  input: unknown
): Checked<z.output<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) {
    return { ok: true, value: parsed.data };
  }
  return {
    ok: false,
    errors: parsed.error.issues.map(issue => ({
      field: issue.path.map(String).join('.') || '(input)',
      message: issue.message
    }))
  };
}

/** Checks `input` against `schema` and builds from the parsed value, or lists every error. */
export function checkThenBuild<S extends z.ZodMiniType, T>(
  schema: S,
  input: unknown,
  build: (value: z.output<S>) => T
): Checked<T> {
  const checked = check(schema, input);
  return checked.ok ? { ok: true, value: build(checked.value) } : checked;
}

/** Ours are spread last: a caller's labels cannot hide an object from our selectors. */
export function deploymentLabels(input: {
  name: string;
  runId: string;
  step: string;
  labels?: Record<string, string>;
}): Record<string, string> {
  return {
    ...input.labels,
    [MANAGED_BY]: MANAGER,
    [DEPLOYMENT_LABEL]: input.name,
    [RUN_LABEL]: input.runId,
    [STEP_LABEL]: stepKubernetesName(input.step)
  };
}
