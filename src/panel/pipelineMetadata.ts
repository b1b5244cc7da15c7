import type { IEnvVar, IStepProperties } from '../tokens';

/**
 * Edits of the notebook-level `metadata.cellpipe.pipeline` (step properties
 * and the saved layout). Pure: each takes the current `metadata.cellpipe`
 * value and returns the new one; keys they do not know are kept, and the
 * server validates what is written (its problems show in the panel).
 */
export const NOTEBOOK_METADATA_KEY = 'cellpipe';

/** The format of `metadata.cellpipe.pipeline` this frontend writes. */
export const PIPELINE_FORMAT_VERSION = 1;

export type StepPropertyKey = keyof IStepProperties;

/** The properties the panel edits, in the order it shows them. */
export const EDITABLE_PROPERTIES = [
  'runtime_image',
  'cpu',
  'memory',
  'gpu',
  'retries',
  'timeout_seconds',
  'packages',
  'disable_node_caching',
  'env_vars'
] as const satisfies readonly StepPropertyKey[];

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pipelineOf(cellpipe: unknown): Json {
  const pipeline = isRecord(cellpipe) ? cellpipe.pipeline : undefined;
  return isRecord(pipeline) ? pipeline : {};
}

/** A step's own entry in `steps` (not the defaults or Kale tags it inherits). */
export function stepPropertiesOf(
  cellpipe: unknown,
  step: string
): IStepProperties {
  const steps = pipelineOf(cellpipe).steps;
  const own = isRecord(steps) ? steps[step] : undefined;
  return isRecord(own) ? ({ ...own } as IStepProperties) : {};
}

/**
 * Sets (or, with `undefined`, removes) properties of step `step`. An entry
 * left empty is removed, and so is an empty `steps`.
 */
export function withStepProperties(
  cellpipe: unknown,
  step: string,
  patch: Partial<Record<StepPropertyKey, unknown>>
): Json {
  const pipeline = pipelineOf(cellpipe);
  const steps = isRecord(pipeline.steps) ? { ...pipeline.steps } : {};
  const entry: Json = isRecord(steps[step]) ? { ...(steps[step] as Json) } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) {
      delete entry[key];
    } else {
      entry[key] = value;
    }
  }
  if (Object.keys(entry).length > 0) {
    steps[step] = entry;
  } else {
    delete steps[step];
  }
  const next: Json = { ...pipeline, version: pipelineVersion(pipeline) };
  if (Object.keys(steps).length > 0) {
    next.steps = steps;
  } else {
    delete next.steps;
  }
  return withPipeline(cellpipe, next);
}

/** Saves where a step was dragged to in the graph. */
export function withLayoutPosition(
  cellpipe: unknown,
  step: string,
  position: { x: number; y: number }
): Json {
  const pipeline = pipelineOf(cellpipe);
  const layout = isRecord(pipeline.layout) ? { ...pipeline.layout } : {};
  layout[step] = { x: Math.round(position.x), y: Math.round(position.y) };
  return withPipeline(cellpipe, {
    ...pipeline,
    version: pipelineVersion(pipeline),
    layout
  });
}

function pipelineVersion(pipeline: Json): unknown {
  return pipeline.version ?? PIPELINE_FORMAT_VERSION;
}

function withPipeline(cellpipe: unknown, pipeline: Json): Json {
  return { ...(isRecord(cellpipe) ? cellpipe : {}), pipeline };
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * The value to store for what a person typed into a property field:
 * `undefined` (remove) for an empty field; numbers for numeric text in the
 * numeric properties (`cpu: "0.5"` -> 0.5; `memory: "4Gi"` stays a
 * Kubernetes quantity). Nothing is rejected here: the server says what is wrong.
 */
export function parsePropertyInput(
  key: StepPropertyKey,
  text: string
): unknown {
  const trimmed = text.trim();
  if (trimmed === '') {
    return undefined;
  }
  switch (key) {
    case 'cpu':
    case 'cpu_limit':
    case 'memory':
    case 'memory_limit':
    case 'gpu':
    case 'retries':
    case 'timeout_seconds':
      return NUMBER.test(trimmed) ? Number(trimmed) : trimmed;
    case 'packages':
      // pip requirements, by spaces or commas (`xgboost scikit-learn>=1.5`).
      return trimmed.split(/[\s,]+/).filter(Boolean);
    default:
      return trimmed;
  }
}

/** Env var rows as stored: rows without a name are dropped; none left -> removed. */
export function envVarsValue(rows: readonly IEnvVar[]): IEnvVar[] | undefined {
  const kept = rows
    .map(r => ({ env_var: r.env_var.trim(), value: r.value }))
    .filter(r => r.env_var !== '');
  return kept.length > 0 ? kept : undefined;
}

/** A property value as the text of its input field. */
export function propertyText(value: unknown): string {
  if (value === undefined || value === null) {
    return '';
  }
  if (Array.isArray(value) && value.every(v => typeof v === 'string')) {
    return value.join(' ');
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}
