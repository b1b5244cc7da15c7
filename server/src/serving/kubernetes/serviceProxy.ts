import http from 'node:http';
import https from 'node:https';

import type { KubeConfig } from '../../kube/client.js';

import type { IEndpointAnswer } from '../DeployTarget.js';

export interface IProxyRequest {
  namespace: string;
  service: string;
  port: number;
  /** `/v1/models/NAME:predict`. */
  path: string;
  /** Sent as JSON with POST; undefined sends a GET. */
  body: unknown;
  signal: AbortSignal;
}

/** The API server (or the way to it) failed; the endpoint did not answer. */
export class ServiceProxyError extends Error {}

/** `/api/v1/namespaces/NS/services/SVC:PORT/proxy/PATH` on the API server. */
export function serviceProxyPath(r: {
  namespace: string;
  service: string;
  port: number;
  path: string;
}): string {
  const path = r.path.startsWith('/') ? r.path : `/${r.path}`;
  return (
    `/api/v1/namespaces/${encodeURIComponent(r.namespace)}` +
    `/services/${encodeURIComponent(r.service)}:${r.port}/proxy${path}`
  );
}

/**
 * Sends a request to a Service through the API server's service proxy
 * (`services/proxy`, verbs get and create), with the kubeconfig's
 * credentials: the Cellpipe server needs no route into the cluster. What
 * the endpoint answers comes back as it came, errors included; an answer of
 * the API server itself (a `Status` object: no endpoints, the pod cannot be
 * dialled, not allowed) is thrown as a ServiceProxyError in words.
 */
export async function proxyRequest(
  kc: KubeConfig,
  r: IProxyRequest
): Promise<IEndpointAnswer> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) {
    throw new ServiceProxyError('the kubeconfig names no cluster');
  }
  const url = new URL(server.replace(/\/+$/, '') + serviceProxyPath(r));
  const payload =
    r.body === undefined ? undefined : Buffer.from(JSON.stringify(r.body));
  const options: https.RequestOptions = {
    method: payload ? 'POST' : 'GET',
    headers: {
      accept: 'application/json',
      ...(payload && {
        'content-type': 'application/json',
        'content-length': String(payload.length)
      })
    }
  };
  await kc.applyToHTTPSOptions(options);
  const { status, text, contentType } = await send(url, options, payload, r);
  const body = parse(text, contentType);
  const apiStatus = kubeStatus(body);
  if (apiStatus && status >= 400) {
    throw new ServiceProxyError(proxyFailureInWords(status, apiStatus, r));
  }
  return { status, body };
}

function send(
  url: URL,
  options: https.RequestOptions,
  payload: Buffer | undefined,
  r: IProxyRequest
): Promise<{ status: number; text: string; contentType: string }> {
  const request = url.protocol === 'http:' ? http.request : https.request;
  return new Promise((resolve, reject) => {
    const req = request(url, { ...options, signal: r.signal }, res => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', err => reject(unreachable(err, r)));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8'),
          contentType: String(res.headers['content-type'] ?? '')
        })
      );
    });
    req.on('error', err => reject(unreachable(err, r)));
    req.end(payload);
  });
}

function unreachable(err: Error, r: IProxyRequest): ServiceProxyError {
  if (r.signal.aborted) {
    return new ServiceProxyError(
      `the model server did not answer in time through the API server's proxy (service ${r.service} in namespace ${r.namespace})`
    );
  }
  const code = (err as { code?: string }).code;
  return new ServiceProxyError(
    `cannot reach the Kubernetes API server (${code ?? err.message})`
  );
}

function parse(text: string, contentType: string): unknown {
  if (contentType.includes('json') || /^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // not JSON after all: pass the text on
    }
  }
  return text;
}

interface IKubeStatus {
  kind: 'Status';
  message?: string;
  reason?: string;
}

function kubeStatus(body: unknown): IKubeStatus | null {
  const b = body as { kind?: unknown; apiVersion?: unknown } | null;
  return b &&
    typeof b === 'object' &&
    b.kind === 'Status' &&
    b.apiVersion === 'v1'
    ? (b as IKubeStatus)
    : null;
}

/** The API server's own refusals, named by what is wrong. */
export function proxyFailureInWords(
  status: number,
  answer: { message?: string; reason?: string },
  r: { namespace: string; service: string }
): string {
  const message = answer.message ?? answer.reason ?? `HTTP ${status}`;
  const where = `service ${r.service} in namespace ${r.namespace}`;
  if (status === 403) {
    return `not allowed to send requests through the API server's service proxy: ${message}`;
  }
  if (status === 404) {
    return `the API server found no ${where}: ${message}`;
  }
  if (/no endpoints available/i.test(message)) {
    return `no ready pod behind ${where} (${message})`;
  }
  return `the API server could not reach the model server behind ${where} (${status}): ${message}`;
}
