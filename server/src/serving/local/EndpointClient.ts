import { Agent, request } from 'node:http';

import type { IModelInput } from '../../contract/wire.js';
import type { IEndpointAnswer } from '../DeployTarget.js';

/**
 * Requests to local model servers over kept-alive connections. node:http
 * with an Agent, not fetch: 0.4–0.7 ms less per proxied request and a
 * steadier p99 (measured against the model server). Owns its sockets;
 * `stop()` closes them.
 */
export class EndpointClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });

  /**
   * POSTs JSON; the answer as it came (a 400 is an answer, not an error).
   * `token`: the deployment's secret, sent as `Authorization: Bearer`.
   */
  async postJson(
    url: string,
    body: unknown,
    signal: AbortSignal,
    token?: string
  ): Promise<IEndpointAnswer> {
    const { status, text } = await this.send(url, 'POST', signal, token, body);
    return { status, body: parseOrText(text) };
  }

  /** The model's inputs from its Open Inference metadata; null when it does not say. */
  async modelInputs(
    url: string,
    name: string,
    token?: string
  ): Promise<IModelInput[] | null> {
    try {
      const { status, text } = await this.send(
        `${url}/v2/models/${name}`,
        'GET',
        AbortSignal.timeout(5_000),
        token
      );
      const meta = parseOrText(text) as { inputs?: IModelInput[] } | string;
      return status === 200 &&
        typeof meta === 'object' &&
        Array.isArray(meta.inputs)
        ? meta.inputs
        : null;
    } catch {
      return null;
    }
  }

  stop(): void {
    this.agent.destroy();
  }

  private send(
    url: string,
    method: 'GET' | 'POST',
    signal: AbortSignal,
    token?: string,
    body?: unknown
  ): Promise<{ status: number; text: string }> {
    const data =
      body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string | number> = data
      ? { 'content-type': 'application/json', 'content-length': data.length }
      : {};
    if (token) {
      headers.authorization = `Bearer ${token}`;
    }
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          agent: this.agent,
          signal,
          headers
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              text: Buffer.concat(chunks).toString('utf8')
            })
          );
          res.on('error', reject);
        }
      );
      req.on('error', (err: Error & { code?: string }) =>
        reject(
          new Error(
            `the endpoint ${new URL(url).origin} did not answer (${err.code ?? err.message})`
          )
        )
      );
      req.end(data);
    });
  }
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
