import type { IModelInput, IModelSample, IPredictResponse } from '../tokens';

/**
 * The test-request form as pure data: an example request for the model's
 * inputs in either protocol, the typed text checked as JSON, and the
 * endpoint's answer put into words.
 */

export type Protocol = 'v1' | 'v2';

export const PROTOCOL_LABEL: Record<Protocol, string> = {
  v1: 'V1',
  v2: 'V2'
};

/** What each protocol is, for the choice's tooltip. */
export const PROTOCOL_TITLE: Record<Protocol, string> = {
  v1: 'KServe V1: POST /v1/models/NAME:predict with {"instances": [...]}',
  v2: 'Open Inference (KServe V2): POST /v2/models/NAME/infer with {"inputs": [...]}'
};

/** Used when the model server did not say what the model takes. */
const UNKNOWN_INPUT: IModelInput = {
  name: 'input-0',
  datatype: 'FP64',
  shape: [-1, 1]
};

/** One request's shape: every variable dimension (-1) becomes 1. */
export function concreteShape(shape: readonly number[]): number[] {
  return shape.map(n => (Number.isInteger(n) && n > 0 ? n : 1));
}

/** Zeros nested in `shape` (`[1, 4]` → `[[0, 0, 0, 0]]`). */
function zeros(shape: readonly number[]): unknown {
  if (shape.length === 0) {
    return 0;
  }
  const [first, ...rest] = shape;
  return Array.from({ length: first }, () => zeros(rest));
}

/**
 * The training row the step saved with the model, when it fits the one input
 * the model server reported (as many features); NaN (null) becomes 0.
 */
export function sampleRow(
  inputs: readonly IModelInput[] | null,
  sample: IModelSample | undefined
): number[] | null {
  const row = sample?.row;
  if (!row || row.length === 0 || (inputs && inputs.length > 1)) {
    return null;
  }
  const width = inputs?.[0]?.shape[1];
  if (width !== undefined && width > 0 && width !== row.length) {
    return null;
  }
  return row.map(v => v ?? 0);
}

/** The example request of a protocol: the saved training row, else zeros (one row). */
export function exampleRequest(
  inputs: readonly IModelInput[] | null,
  protocol: Protocol,
  sample?: IModelSample
): unknown {
  const row = sampleRow(inputs, sample);
  const known = inputs && inputs.length > 0 ? inputs : [UNKNOWN_INPUT];
  if (row !== null) {
    return protocol === 'v1'
      ? { instances: [row] }
      : {
          inputs: [
            {
              name: known[0].name || 'input-0',
              shape: [1, row.length],
              datatype: known[0].datatype || 'FP64',
              data: row
            }
          ]
        };
  }
  if (protocol === 'v1') {
    const shape = concreteShape(known[0].shape);
    return { instances: shape.length > 0 ? zeros(shape) : [0] };
  }
  return {
    inputs: known.map((input, i) => {
      const shape = concreteShape(input.shape);
      return {
        name: input.name || `input-${i}`,
        shape,
        datatype: input.datatype || 'FP64',
        data: new Array(shape.reduce((a, b) => a * b, 1)).fill(0)
      };
    })
  };
}

/** JSON indented by two, arrays of numbers (or booleans, null) on one line. */
export function formatJson(value: unknown): string {
  const text = JSON.stringify(value, null, 2) ?? String(value);
  // Only arrays without strings, objects or arrays inside: no string's spaces change.
  return text.replace(/\[[^[\]{}"]*\]/g, array =>
    array.replace(/\s+/g, ' ').replace(/^\[ /, '[').replace(/ \]$/, ']')
  );
}

export function exampleRequestText(
  inputs: readonly IModelInput[] | null,
  protocol: Protocol,
  sample?: IModelSample
): string {
  return formatJson(exampleRequest(inputs, protocol, sample));
}

/** One feature of the example row: its name (or position) and value. */
export interface IFeatureValue {
  name: string;
  value: number | null;
}

/**
 * The features the example fills in, by name when the model saved its
 * feature names; empty when the example is zeros.
 */
export function sampleFeatures(
  inputs: readonly IModelInput[] | null,
  sample: IModelSample | undefined
): IFeatureValue[] {
  const row = sampleRow(inputs, sample);
  const names = sample?.featureNames ?? null;
  if (row === null) {
    return (names ?? []).map(name => ({ name, value: null }));
  }
  return row.map((value, i) => ({
    name: names?.[i] ?? `feature ${i + 1}`,
    value
  }));
}

export type ParsedBody =
  { ok: true; body: unknown } | { ok: false; error: string };

/** The typed request, or why it cannot be sent (in words, never a thrown error). */
export function parseRequestBody(text: string): ParsedBody {
  if (text.trim() === '') {
    return { ok: false, error: 'The request is empty: write a JSON object.' };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { ok: false, error: `The request is not valid JSON: ${why}` };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      ok: false,
      error: 'The request must be a JSON object, e.g. {"instances": [[1, 2]]}.'
    };
  }
  return { ok: true, body };
}

/** What a test request came to: the endpoint's answer, or why there was none. */
export type TestOutcome =
  | { kind: 'answer'; response: IPredictResponse }
  /** The text was not sent (not JSON, not an object). */
  | { kind: 'invalid'; message: string }
  /** The server could not ask the endpoint (not ready, unreachable, ...). */
  | { kind: 'failed'; message: string };

export interface IAnswerSummary {
  tone: 'ok' | 'refused' | 'error';
  headline: string;
  /** The endpoint's own message when it refused the request. */
  message: string | null;
  /** The body, pretty-printed. */
  body: string | null;
}

function refusal(body: unknown): string | null {
  if (typeof body === 'string') {
    return body || null;
  }
  if (typeof body === 'object' && body !== null) {
    const { error, message } = body as { error?: unknown; message?: unknown };
    const text = error ?? message;
    return typeof text === 'string' ? text : null;
  }
  return null;
}

/** The answer in words: `HTTP 200 · 12 ms`, and for a refusal the endpoint's reason. */
export function summarizeOutcome(outcome: TestOutcome): IAnswerSummary {
  if (outcome.kind !== 'answer') {
    return {
      tone: 'error',
      headline: outcome.message,
      message: null,
      body: null
    };
  }
  const { status, latencyMs, body } = outcome.response;
  const ok = status >= 200 && status < 300;
  const latency = `${Math.round(latencyMs)} ms`;
  return {
    tone: ok ? 'ok' : 'refused',
    headline: ok
      ? `HTTP ${status} · ${latency}`
      : `Refused: HTTP ${status} · ${latency}`,
    message: ok ? null : refusal(body),
    body: body === null || body === undefined ? null : formatJson(body)
  };
}
