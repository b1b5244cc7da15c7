import type { IModelInput } from '../../http/wire.js';
import type { IEndpointAnswer } from '../DeployTarget.js';

/** A model endpoint could not be reached (not: it answered with an error). */
export class EndpointUnreachable extends Error {}

/** POSTs JSON and returns the answer as it came (a 400 is an answer, not an error). */
export async function forwardJson(
  url: string,
  body: unknown,
  signal: AbortSignal
): Promise<IEndpointAnswer> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    throw new EndpointUnreachable(
      `the endpoint ${new URL(url).origin} did not answer` +
        (cause ? ` (${cause})` : `: ${(err as Error).message}`)
    );
  }
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: pass the text on
  }
  return { status: response.status, body: parsed };
}

/** The model's inputs from its Open Inference metadata; null when it does not say. */
export async function readModelInputs(
  url: string,
  name: string
): Promise<IModelInput[] | null> {
  try {
    const response = await fetch(`${url}/v2/models/${name}`, {
      signal: AbortSignal.timeout(5_000)
    });
    if (!response.ok) {
      return null;
    }
    const meta = (await response.json()) as { inputs?: IModelInput[] };
    return Array.isArray(meta.inputs) ? meta.inputs : null;
  } catch {
    return null;
  }
}
