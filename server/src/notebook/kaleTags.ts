import type { StepProperties } from '../spec/pipelineSchema.js';

/**
 * Kale's cell tags (its tag language, `kale/processors/nbprocessor.py`, from
 * the 2019 converter to Kale 2) read into what Cellpipe has: roles, a step,
 * its `prev:` steps and step properties. What Cellpipe cannot honour comes
 * back as a message, never dropped. The table in docs/pipelines.md lists
 * every tag.
 */

/** What a cell does in the pipeline besides running as part of a step. */
export type CellRole =
  'skip' | 'imports' | 'functions' | 'parameters' | 'metrics';

export interface IKaleTags {
  /** The first step the cell names. */
  step?: string;
  /** Further step names on the same cell (Kale 0.x put the cell in each). */
  otherSteps: string[];
  roles: CellRole[];
  after: string[];
  properties: StepProperties;
  /** `notebook:NAME` references: Kale's composition of several notebooks. */
  notebooks: string[];
  /** Kale constructs Cellpipe does not support, in words. */
  unsupported: string[];
  /** Kale tags that are not well formed, in words. */
  invalid: string[];
}

/** Kale's role tags, plus papermill's `parameters` tag for the same cell. */
const ROLE_TAGS: Record<string, CellRole> = {
  skip: 'skip',
  parameters: 'parameters',
  imports: 'imports',
  functions: 'functions',
  'pipeline-parameters': 'parameters',
  'pipeline-metrics': 'metrics'
};

/** Step names that are roles: old Kale's `block:imports`/`block:functions`, Kale 2's `step:skip`. */
const ROLE_STEPS: Record<string, CellRole> = {
  imports: 'imports',
  functions: 'functions',
  skip: 'skip'
};

type Handler = (arg: string, tag: string, into: IKaleTags) => void;

function stepTag(name: string, _tag: string, into: IKaleTags): void {
  if (Object.hasOwn(ROLE_STEPS, name)) {
    into.roles.push(ROLE_STEPS[name]);
  } else if (into.step === undefined) {
    into.step = name;
  } else if (name !== into.step && !into.otherSteps.includes(name)) {
    into.otherSteps.push(name);
  }
}

/** `limit:RESOURCE:AMOUNT` onto Elyra's property names. */
function limitTag(arg: string, tag: string, into: IKaleTags): void {
  const cut = arg.lastIndexOf(':');
  const resource = cut > 0 ? arg.slice(0, cut) : '';
  const amount = arg.slice(cut + 1);
  const props = into.properties;
  if (resource === 'cpu') {
    props.cpu_limit = amount;
  } else if (resource === 'memory') {
    props.memory_limit = amount;
  } else if (/^[a-z0-9.-]+\/gpu$/.test(resource) && /^\d+$/.test(amount)) {
    props.gpu = Number(amount);
    props.gpu_vendor = resource;
  } else {
    into.invalid.push(
      `tag "${tag}" names a resource Cellpipe does not know (use cpu, memory or VENDOR/gpu)`
    );
  }
}

/** `enabled` or `disabled`, else a message. */
function onOff(arg: string, tag: string, into: IKaleTags): boolean | null {
  if (arg === 'enabled' || arg === 'disabled') {
    return arg === 'enabled';
  }
  const head = tag.slice(0, tag.indexOf(':'));
  into.invalid.push(
    `tag "${tag}" is not understood: use ${head}:enabled or ${head}:disabled`
  );
  return null;
}

function cacheTag(arg: string, tag: string, into: IKaleTags): void {
  const on = onOff(arg, tag, into);
  if (on !== null) {
    into.properties.disable_node_caching = !on;
  }
}

function reportTag(arg: string, tag: string, into: IKaleTags): void {
  // Cellpipe makes no HTML report, so only asking for one is unsupported.
  if (onOff(arg, tag, into) === true) {
    into.unsupported.push(
      `tag "${tag}": Cellpipe does not make an HTML report of a step; its output is in the run's log`
    );
  }
}

/** `secret:NAME:KEY:ENV`: the Secret's key as an environment variable. */
function secretTag(arg: string, tag: string, into: IKaleTags): void {
  const parts = arg.split(':');
  if (parts.length !== 3 || parts.some(p => p.length === 0)) {
    into.invalid.push(
      `tag "${tag}" is not understood: use secret:SECRET_NAME:KEY:ENV_VAR`
    );
    return;
  }
  const [name, key, env_var] = parts;
  const others = (into.properties.kubernetes_secrets ?? []).filter(
    s => s.env_var !== env_var
  );
  into.properties.kubernetes_secrets = [...others, { env_var, name, key }];
}

/** `label:KEY:VALUE` / `annotation:KEY:VALUE`; the value keeps its colons. */
function podMetadataTag(
  property: 'kubernetes_pod_labels' | 'kubernetes_pod_annotations'
): Handler {
  return (arg, tag, into) => {
    const cut = arg.indexOf(':');
    if (cut <= 0) {
      const head = tag.slice(0, tag.indexOf(':'));
      into.invalid.push(
        `tag "${tag}" is not understood: use ${head}:KEY:VALUE`
      );
      return;
    }
    const record = into.properties[property] ?? {};
    into.properties[property] = {
      ...record,
      [arg.slice(0, cut)]: arg.slice(cut + 1)
    };
  };
}

function variablesTag(_arg: string, tag: string, into: IKaleTags): void {
  into.unsupported.push(
    `tag "${tag}" (Kale 0.1) is ignored: Cellpipe finds the variables a step reads and writes itself`
  );
}

const HANDLERS: Record<string, Handler> = {
  block: stepTag,
  step: stepTag,
  // Old Kale wrote several previous steps in one tag: `prev:a:b`.
  prev: (arg, _tag, into) =>
    into.after.push(...arg.split(':').filter(a => a.length > 0)),
  image: (arg, _tag, into) => {
    into.properties.runtime_image = arg;
  },
  limit: limitTag,
  cache: cacheTag,
  report: reportTag,
  secret: secretTag,
  label: podMetadataTag('kubernetes_pod_labels'),
  annotation: podMetadataTag('kubernetes_pod_annotations'),
  notebook: (arg, _tag, into) => into.notebooks.push(arg),
  in: variablesTag,
  out: variablesTag
};

export function emptyKaleTags(): IKaleTags {
  return {
    otherSteps: [],
    roles: [],
    after: [],
    properties: {},
    notebooks: [],
    unsupported: [],
    invalid: []
  };
}

/** Reads a cell's tags; tags of other tools (`hide-input`, …) are left alone. */
export function readKaleTags(tags: readonly string[]): IKaleTags {
  const result = emptyKaleTags();
  for (const tag of tags) {
    const cut = tag.indexOf(':');
    const head = cut < 0 ? tag : tag.slice(0, cut);
    const arg = cut < 0 ? '' : tag.slice(cut + 1);
    if (Object.hasOwn(ROLE_TAGS, tag)) {
      result.roles.push(ROLE_TAGS[tag]);
    } else if (Object.hasOwn(HANDLERS, head) && arg.length > 0) {
      HANDLERS[head](arg, tag, result);
    }
  }
  return result;
}

/** The tags `steps_defaults` in `kubeflow_notebook` may hold: settings of every step. */
export const STEP_DEFAULT_TAGS = [
  'image',
  'limit',
  'cache',
  'report',
  'secret',
  'label',
  'annotation'
];
