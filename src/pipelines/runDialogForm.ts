import type {
  ICompileResult,
  IExecutorInfo,
  IParameter,
  IStepImage,
  ParameterType
} from '../tokens';

/**
 * The run dialog's form, as pure data: which input each parameter gets, its
 * initial text, and how the typed text becomes a typed value (or a reason
 * why it cannot). The server checks the values again; this only catches
 * what a person mistyped before anything is sent.
 */

export type FieldKind = 'number' | 'checkbox' | 'json' | 'text';

/** What the person entered: text for most inputs, a boolean for a checkbox. */
export type RawValue = string | boolean;

export type ParseResult =
  { ok: true; value: unknown } | { ok: false; error: string };

export function fieldKind(type: ParameterType): FieldKind {
  switch (type) {
    case 'int':
    case 'float':
      return 'number';
    case 'bool':
      return 'checkbox';
    case 'str':
      return 'text';
    default:
      return 'json';
  }
}

/** A short hint shown with the input. */
export function fieldHint(type: ParameterType): string {
  switch (type) {
    case 'list':
      return 'JSON array, e.g. [64, 32]';
    case 'dict':
      return 'JSON object, e.g. {"a": 1}';
    case 'none':
      return 'JSON value; empty means None';
    default:
      return type;
  }
}

/** The input's initial content for a value of the parameter. */
export function initialRaw(type: ParameterType, value: unknown): RawValue {
  switch (fieldKind(type)) {
    case 'checkbox':
      return value === true;
    case 'text':
      return typeof value === 'string' ? value : String(value ?? '');
    case 'number':
      return typeof value === 'number' ? String(value) : '';
    default:
      return value === null || value === undefined ? '' : JSON.stringify(value);
  }
}

function parseJson(text: string): ParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { ok: false, error: `valid JSON (${why})` };
  }
}

function parseNumber(type: 'int' | 'float', text: string): ParseResult {
  const t = text.trim().replace(/_/g, '');
  if (type === 'int') {
    if (!/^[-+]?\d+$/.test(t)) {
      return { ok: false, error: 'a whole number, e.g. 10' };
    }
    const n = Number(t);
    return Number.isSafeInteger(n)
      ? { ok: true, value: n }
      : { ok: false, error: 'too large for a whole number here' };
  }
  const n = t === '' ? NaN : Number(t);
  return Number.isFinite(n)
    ? { ok: true, value: n }
    : { ok: false, error: 'a number, e.g. 0.1' };
}

/** Parses one input according to the parameter's type. */
export function parseParameter(
  type: ParameterType,
  raw: RawValue
): ParseResult {
  if (typeof raw === 'boolean') {
    return type === 'bool'
      ? { ok: true, value: raw }
      : { ok: false, error: 'expected text' };
  }
  switch (type) {
    case 'int':
    case 'float':
      return parseNumber(type, raw);
    case 'str':
      return { ok: true, value: raw };
    case 'bool':
      return /^(true|false)$/i.test(raw.trim())
        ? { ok: true, value: raw.trim().toLowerCase() === 'true' }
        : { ok: false, error: 'true or false' };
    case 'none':
      return raw.trim() === '' ? { ok: true, value: null } : parseJson(raw);
    default: {
      const parsed = parseJson(raw);
      if (!parsed.ok) {
        return parsed;
      }
      const isList = Array.isArray(parsed.value);
      const isDict =
        typeof parsed.value === 'object' && parsed.value !== null && !isList;
      if (type === 'list' ? isList : isDict) {
        return parsed;
      }
      return {
        ok: false,
        error:
          type === 'list'
            ? 'a JSON array, e.g. [1, 2]'
            : 'a JSON object, e.g. {"a": 1}'
      };
    }
  }
}

/** How a bad input is explained: `epochs must be a whole number, e.g. 10`. */
export function inputError(name: string, reason: string): string {
  return `${name} must be ${reason}`;
}

export interface IParsedParameters {
  /** Typed values by name (only when `errors` is empty are all present). */
  values: Record<string, unknown>;
  /** Why an input cannot be used, by parameter name. */
  errors: Record<string, string>;
}

/** Parses every parameter input; an input left out keeps the parameter's value. */
export function parseParameters(
  parameters: readonly IParameter[],
  raw: Readonly<Record<string, RawValue>>
): IParsedParameters {
  const result: IParsedParameters = { values: {}, errors: {} };
  for (const p of parameters) {
    const input = Object.hasOwn(raw, p.name)
      ? raw[p.name]
      : initialRaw(p.type, p.value);
    const parsed = parseParameter(p.type, input);
    if (parsed.ok) {
      result.values[p.name] = parsed.value;
    } else {
      result.errors[p.name] = inputError(p.name, parsed.error);
    }
  }
  return result;
}

/** The target preselected: the setting when that executor can run, else the server's default. */
export function defaultTarget(
  executors: readonly IExecutorInfo[],
  setting: string,
  serverDefault: string
): string {
  const usable = (name: string) =>
    executors.some(e => e.name === name && e.available);
  if (usable(setting)) {
    return setting;
  }
  if (usable(serverDefault)) {
    return serverDefault;
  }
  return executors.find(e => e.available)?.name ?? (setting || serverDefault);
}

/** One step's image on Kubernetes and why, for the run dialog. */
export interface IStepImageRow extends IStepImage {
  step: string;
}

/**
 * Which image each step gets on Kubernetes: its own `runtime_image`, the
 * pipeline default's, else the target's (`GET /api/cluster`'s stepImage).
 * The server's rule (server/src/kube/stepImage.ts), for display; empty
 * until the cluster's answer is in.
 */
export function stepImageRows(
  compiled: Pick<ICompileResult, 'steps' | 'defaults'> | null | undefined,
  target: IStepImage | undefined
): IStepImageRow[] {
  if (!compiled || !target) {
    return [];
  }
  const pipelineDefault = compiled.defaults?.runtime_image;
  return compiled.steps.map(s => {
    const own = s.properties.runtime_image;
    if (own === undefined) {
      return { step: s.name, ...target };
    }
    return {
      step: s.name,
      image: own,
      source:
        own === pipelineDefault
          ? 'pipeline default runtime_image'
          : 'step setting runtime_image'
    };
  });
}
