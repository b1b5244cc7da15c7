import { z } from 'zod';

import type { IStepProperties } from '../contract/wire.js';

/**
 * The pipeline model: one source of truth. `PipelineMetadata` is what a
 * notebook stores under `metadata.cellpipe.pipeline` (step properties, extra
 * edges, layout); the compiled pipeline adds what the cells say.
 */
export const PIPELINE_FORMAT_VERSION = 1;

/** Kubernetes quantity (`500m`, `2Gi`, `1.5`) or a plain number. */
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const quantity = z.union([
  z.number().positive(),
  z.string().regex(QUANTITY, 'expected a Kubernetes quantity like 500m or 2Gi')
]);
/** Environment variable names as POSIX shells accept them. */
const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name');
/** A process environment cannot hold a NUL byte: the step would fail to start. */
const envValue = z
  .string()
  .refine(
    v => !v.includes('\0'),
    'an environment value cannot contain a NUL byte'
  );

/** Kubernetes label and annotation keys: optional DNS prefix, then a name of up to 63 characters. */
const labelKey = z
  .string()
  .regex(
    /^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/,
    'expected a Kubernetes label key like team or example.com/team'
  );
const labelValue = z
  .string()
  .regex(
    /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/,
    'expected a Kubernetes label value (up to 63 letters, digits, -, _ or .)'
  );

/** One pip requirement; options (`--index-url …`) and line breaks are not requirements. */
const requirement = z
  .string()
  .regex(
    /^[A-Za-z0-9][^\n\r\0]*$/,
    'expected a pip requirement like scikit-learn==1.5 (no options)'
  );

export const StepPropertiesSchema = z
  .object({
    runtime_image: z.string().min(1).optional(),
    cpu: quantity.optional(),
    cpu_limit: quantity.optional(),
    memory: quantity.optional(),
    memory_limit: quantity.optional(),
    gpu: z.number().int().min(0).optional(),
    gpu_vendor: z.string().min(1).optional(),
    env_vars: z
      .array(z.object({ env_var: envName, value: envValue }).strict())
      .optional(),
    kubernetes_secrets: z
      .array(
        z
          .object({
            env_var: envName,
            name: z.string().min(1),
            key: z.string().min(1)
          })
          .strict()
      )
      .optional(),
    kubernetes_tolerations: z
      .array(
        z
          .object({
            key: z.string().optional(),
            operator: z.enum(['Exists', 'Equal']).optional(),
            value: z.string().optional(),
            effect: z
              .enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute'])
              .optional()
          })
          .strict()
      )
      .optional(),
    kubernetes_node_selector: z.record(z.string(), z.string()).optional(),
    kubernetes_pod_labels: z.record(labelKey, labelValue).optional(),
    kubernetes_pod_annotations: z.record(labelKey, z.string()).optional(),
    retries: z.number().int().min(0).max(20).optional(),
    timeout_seconds: z.number().positive().optional(),
    disable_node_caching: z.boolean().optional(),
    /** pip requirements (`scikit-learn==1.5`, `pkg @ https://…`), installed before the program on Kubernetes. */
    packages: z.array(requirement).optional()
  })
  .strict();

export type StepProperties = z.infer<typeof StepPropertiesSchema>;

const Position = z.object({ x: z.number(), y: z.number() }).strict();

export const PipelineMetadataSchema = z
  .object({
    version: z.number().int().positive(),
    name: z.string().min(1).optional(),
    /** Properties every step gets unless it sets its own (Elyra's pipeline_defaults). */
    defaults: StepPropertiesSchema.optional(),
    steps: z.record(z.string(), StepPropertiesSchema).optional(),
    edges: z
      .array(z.object({ from: z.string(), to: z.string() }).strict())
      .optional(),
    layout: z.record(z.string(), Position).optional()
  })
  .strict();

export type PipelineMetadata = z.infer<typeof PipelineMetadataSchema>;

// The wire copy of the properties must stay the schema's type exactly.
type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2
    ? true
    : false;
const propertiesMatchWire: Equal<StepProperties, IStepProperties> = true;
void propertiesMatchWire;
