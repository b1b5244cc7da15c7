import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';

import { ApiError, type ICellpipe } from '../tokens';
import { parseRequestBody, type TestOutcome } from './testRequest';

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** `args.body`: the JSON text as typed (or an object). Never throws: the outcome says what happened. */
export async function sendTestRequest(
  api: ICellpipe.IApi,
  args: ReadonlyPartialJSONObject
): Promise<TestOutcome> {
  const name = String(args.name ?? '');
  const protocol = args.protocol === 'v2' ? 'v2' : 'v1';
  const parsed =
    typeof args.body === 'string'
      ? parseRequestBody(args.body)
      : { ok: true as const, body: args.body ?? {} };
  if (!parsed.ok) {
    return { kind: 'invalid', message: parsed.error };
  }
  try {
    return {
      kind: 'answer',
      response: await api.predict(name, protocol, parsed.body)
    };
  } catch (err) {
    const message =
      err instanceof ApiError && err.kind === 'endpoint_unreachable'
        ? `The endpoint did not answer: ${err.message}`
        : errorText(err);
    return { kind: 'failed', message };
  }
}
