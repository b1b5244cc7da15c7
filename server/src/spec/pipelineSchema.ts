import type { IStepProperties } from '../contract/wire.js';
import * as z from './zodMini.js';

/**
 * The pipeline model: one source of truth. `PipelineMetadata` is what a
 * notebook stores under `metadata.cellpipe.pipeline` (step properties, extra
 * edges, layout); the compiled pipeline adds what the cells say.
 */
export const PIPELINE_FORMAT_VERSION = 1;

/** Kubernetes quantity (`500m`, `2Gi`, `1.5`) or a plain number. */
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const quantity = z.union([
  z.number().check(z.positive()),
  z
    .string()
    .check(z.regex(QUANTITY, 'expected a Kubernetes quantity like 500m or 2Gi'))
]);
/** Environment variable names as POSIX shells accept them. */
const envName = z
  .string()
  .check(
    z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name')
  );
/** A process environment cannot hold a NUL byte: the step would fail to start. */
const envValue = z
  .string()
  .check(
    z.refine(
      v => !v.includes('\0'),
      'an environment value cannot contain a NUL byte'
    )
  );

/** Kubernetes label and annotation keys: optional DNS prefix, then a name of up to 63 characters. */
const labelKey = z
  .string()
  .check(
    z.regex(
      /^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/,
      'expected a Kubernetes label key like team or example.com/team'
    )
  );
const labelValue = z
  .string()
  .check(
    z.regex(
      /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/,
      'expected a Kubernetes label value (up to 63 letters, digits, -, _ or .)'
    )
  );

/** One pip requirement; options (`--index-url …`) and line breaks are not requirements. */
const requirement = z
  .string()
  .check(
    z.regex(
      /^[A-Za-z0-9][^\n\r\0]*$/,
      'expected a pip requirement like scikit-learn==1.5 (no options)'
    )
  );

export const StepPropertiesSchema = z.strictObject({
  runtime_image: z.optional(z.string().check(z.minLength(1))),
  cpu: z.optional(quantity),
  cpu_limit: z.optional(quantity),
  memory: z.optional(quantity),
  memory_limit: z.optional(quantity),
  gpu: z.optional(z.int().check(z.gte(0))),
  gpu_vendor: z.optional(z.string().check(z.minLength(1))),
  env_vars: z.optional(
    z.array(z.strictObject({ env_var: envName, value: envValue }))
  ),
  kubernetes_secrets: z.optional(
    z.array(
      z.strictObject({
        env_var: envName,
        name: z.string().check(z.minLength(1)),
        key: z.string().check(z.minLength(1))
      })
    )
  ),
  kubernetes_tolerations: z.optional(
    z.array(
      z.strictObject({
        key: z.optional(z.string()),
        operator: z.optional(z.enum(['Exists', 'Equal'])),
        value: z.optional(z.string()),
        effect: z.optional(
          z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute'])
        )
      })
    )
  ),
  kubernetes_node_selector: z.optional(z.record(z.string(), z.string())),
  kubernetes_pod_labels: z.optional(z.record(labelKey, labelValue)),
  kubernetes_pod_annotations: z.optional(z.record(labelKey, z.string())),
  retries: z.optional(z.int().check(z.gte(0), z.lte(20))),
  timeout_seconds: z.optional(z.number().check(z.positive())),
  disable_node_caching: z.optional(z.boolean()),
  /** pip requirements (`scikit-learn==1.5`, `pkg @ https://…`), installed before the program on Kubernetes. */
  packages: z.optional(z.array(requirement))
});

export type StepProperties = z.infer<typeof StepPropertiesSchema>;

const Position = z.strictObject({ x: z.number(), y: z.number() });

export const PipelineMetadataSchema = z.strictObject({
  version: z.int().check(z.positive()),
  name: z.optional(z.string().check(z.minLength(1))),
  /** Properties every step gets unless it sets its own (Elyra's pipeline_defaults). */
  defaults: z.optional(StepPropertiesSchema),
  steps: z.optional(z.record(z.string(), StepPropertiesSchema)),
  edges: z.optional(
    z.array(z.strictObject({ from: z.string(), to: z.string() }))
  ),
  layout: z.optional(z.record(z.string(), Position))
});

export type PipelineMetadata = z.infer<typeof PipelineMetadataSchema>;

// The wire copy of the properties must stay the schema's type exactly.
type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2
    ? true
    : false;
const propertiesMatchWire: Equal<StepProperties, IStepProperties> = true;
void propertiesMatchWire;
