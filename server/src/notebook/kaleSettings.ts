import type { StepProperties } from '../spec/pipelineSchema.js';
import { warning, type Problem } from '../spec/problems.js';
import { readKaleTags, STEP_DEFAULT_TAGS } from './kaleTags.js';

/**
 * Kale's notebook-level settings (`metadata.kubeflow_notebook`, Kale's
 * PipelineConfig and NotebookConfig) read into Cellpipe's: the pipeline
 * name and the properties every step gets. A setting Cellpipe does not
 * support is a warning naming the key. The table in docs/pipelines.md lists
 * every key.
 */
export const KALE_METADATA_KEY = 'kubeflow_notebook';

export interface IKaleSettings {
  /** Properties of every step, under Cellpipe's own pipeline defaults. */
  defaults: StepProperties;
  name?: string;
  problems: Problem[];
}

type KeyReader = (value: unknown, key: string, into: IKaleSettings) => void;

const nonEmptyString = (v: unknown) => typeof v === 'string' && v.length > 0;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function place(key: string) {
  return { path: `metadata.${KALE_METADATA_KEY}.${key}` };
}

function invalid(into: IKaleSettings, key: string, expected: string): void {
  into.problems.push(
    warning(
      'invalid-metadata',
      `${KALE_METADATA_KEY}.${key} must be ${expected}: it is ignored`,
      place(key)
    )
  );
}

/** A warning when the value asks for something Cellpipe does not do. */
function unsupportedWhen(
  applies: (value: unknown) => boolean,
  reason: string
): KeyReader {
  return (value, key, into) => {
    if (applies(value)) {
      into.problems.push(
        warning(
          'unsupported-kale',
          `${KALE_METADATA_KEY}.${key} is not supported: ${reason}`,
          place(key)
        )
      );
    }
  };
}

function nameKey(value: unknown, key: string, into: IKaleSettings): void {
  if (nonEmptyString(value) && (value as string).length <= 253) {
    into.name = value as string;
  } else if (value !== '' && value !== undefined && value !== null) {
    invalid(into, key, 'a name of up to 253 characters');
  }
}

/** `base_image` (Kale 2) or `docker_image` (before it); empty means the notebook's own image. */
function imageKey(value: unknown, key: string, into: IKaleSettings): void {
  if (nonEmptyString(value)) {
    into.defaults.runtime_image = value as string;
  } else if (value !== '' && value !== undefined && value !== null) {
    invalid(into, key, 'an image name');
  }
}

function cachingKey(value: unknown, key: string, into: IKaleSettings): void {
  if (value === false) {
    into.defaults.disable_node_caching = true;
  } else if (value !== true) {
    invalid(into, key, 'true or false');
  }
}

/** Kale's `steps_defaults`: settings tags (`label:…`, `limit:…`, …) every step gets. */
function stepsDefaultsKey(
  value: unknown,
  key: string,
  into: IKaleSettings
): void {
  if (!Array.isArray(value) || value.some(t => typeof t !== 'string')) {
    invalid(into, key, 'a list of tags like "label:KEY:VALUE"');
    return;
  }
  const tags = value as string[];
  const known = tags.filter(t => STEP_DEFAULT_TAGS.includes(t.split(':')[0]));
  for (const tag of tags.filter(t => !known.includes(t))) {
    invalid(
      into,
      key,
      `made of ${STEP_DEFAULT_TAGS.map(t => `${t}:`).join(', ')} tags ("${tag}" is not one)`
    );
  }
  const read = readKaleTags(known);
  into.defaults = { ...into.defaults, ...read.properties };
  const where = `${KALE_METADATA_KEY}.${key}`;
  into.problems.push(
    ...read.invalid.map(m =>
      warning('invalid-metadata', `${where}: ${m}`, place(key))
    ),
    ...read.unsupported.map(m =>
      warning('unsupported-kale', `${where}: ${m}`, place(key))
    )
  );
}

const VOLUMES =
  'Cellpipe mounts no volumes into steps; values pass between steps through its artifact store';
const DATA_PASSING =
  "it is Kale's data passing; Cellpipe passes values through its own artifact store";
const isSet = (v: unknown) => v !== undefined && v !== null && v !== '';
const isTrue = (v: unknown) => v === true;
const nonEmptyList = (v: unknown) => Array.isArray(v) && v.length > 0;
const ignored: KeyReader = () => undefined;

const KEYS: Record<string, KeyReader> = {
  pipeline_name: nameKey,
  base_image: imageKey,
  docker_image: imageKey,
  enable_caching: cachingKey,
  steps_defaults: stepsDefaultsKey,
  volumes: unsupportedWhen(nonEmptyList, VOLUMES),
  storage_class_name: unsupportedWhen(isSet, VOLUMES),
  volume_access_mode: unsupportedWhen(isSet, VOLUMES),
  autosnapshot: unsupportedWhen(isTrue, 'Cellpipe takes no Rok snapshots'),
  snapshot_volumes: unsupportedWhen(isTrue, 'Cellpipe takes no Rok snapshots'),
  experiment_name: unsupportedWhen(
    nonEmptyString,
    'Cellpipe has no experiments; runs are listed per notebook'
  ),
  experiment: unsupportedWhen(
    v => isRecord(v) && nonEmptyString(v.name),
    'Cellpipe has no experiments; runs are listed per notebook'
  ),
  // A description changes nothing that runs; Cellpipe has nowhere to show it.
  pipeline_description: ignored,
  katib_run: unsupportedWhen(
    isTrue,
    'hyper-parameter tuning with Katib is not available; override parameters per run instead'
  ),
  // Read by Kale only when katib_run is true.
  katib_metadata: ignored,
  timeout: unsupportedWhen(
    isSet,
    'there is no timeout for a whole pipeline; set the step property timeout_seconds'
  ),
  kfp_host: unsupportedWhen(
    isSet,
    'Cellpipe runs pipelines itself (here, or as Kubernetes Jobs), not on Kubeflow Pipelines'
  ),
  security_context: unsupportedWhen(
    isSet,
    'Cellpipe sets no security context on step pods'
  ),
  marshal_volume: unsupportedWhen(isSet, DATA_PASSING),
  marshal_path: unsupportedWhen(isSet, DATA_PASSING),
  abs_working_dir: unsupportedWhen(isSet, DATA_PASSING),
  // Kale writes the notebook's own path here.
  notebook_path: ignored
};

/** Reads `metadata.kubeflow_notebook`; absent, it says nothing. */
export function readKaleSettings(raw: unknown): IKaleSettings {
  const into: IKaleSettings = { defaults: {}, problems: [] };
  if (raw === undefined) {
    return into;
  }
  if (!isRecord(raw)) {
    into.problems.push(
      warning(
        'invalid-metadata',
        `metadata.${KALE_METADATA_KEY} is not an object: it is ignored`,
        { path: `metadata.${KALE_METADATA_KEY}` }
      )
    );
    return into;
  }
  // base_image (Kale 2) is read last, so it wins over docker_image; one
  // warning about experiments, from experiment_name when both are there.
  const keys = [
    ...Object.keys(raw).filter(
      k =>
        k !== 'base_image' &&
        !(k === 'experiment' && nonEmptyString(raw.experiment_name))
    ),
    ...(Object.hasOwn(raw, 'base_image') ? ['base_image'] : [])
  ];
  for (const key of keys) {
    const reader = Object.hasOwn(KEYS, key) ? KEYS[key] : unknownKey;
    reader(raw[key], key, into);
  }
  return into;
}

function unknownKey(_value: unknown, key: string, into: IKaleSettings): void {
  into.problems.push(
    warning(
      'unsupported-kale',
      `${KALE_METADATA_KEY}.${key} is not a Kale setting Cellpipe knows: it is ignored`,
      place(key)
    )
  );
}

/**
 * A step's Kale tags on top of Kale's step defaults: labels, annotations and
 * secrets add to the defaults' (as in Kale) instead of replacing them.
 */
export function withKaleDefaults(
  defaults: StepProperties,
  tags: StepProperties
): StepProperties {
  const merged: StepProperties = { ...tags };
  for (const key of [
    'kubernetes_pod_labels',
    'kubernetes_pod_annotations'
  ] as const) {
    if (tags[key] && defaults[key]) {
      merged[key] = { ...defaults[key], ...tags[key] };
    }
  }
  if (tags.kubernetes_secrets && defaults.kubernetes_secrets) {
    const own = new Set(tags.kubernetes_secrets.map(s => s.env_var));
    merged.kubernetes_secrets = [
      ...defaults.kubernetes_secrets.filter(s => !own.has(s.env_var)),
      ...tags.kubernetes_secrets
    ];
  }
  return merged;
}
