import assert from 'node:assert/strict';

import type { IRunRecord } from '../contract/wire.js';
import { trainingNotebook } from './trainingNotebook.js';

/** An authenticated JSON request; `body` is null for an empty answer (204). */
export type JsonCall = <T>(
  method: string,
  path: string,
  body?: unknown
) => Promise<{ status: number; body: T }>;

/** Requests to a server at `baseUrl` with the `authorization` header value it accepts. */
export function jsonCaller(server: {
  baseUrl: string;
  authHeader: string;
}): JsonCall {
  return async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers: {
        authorization: server.authHeader,
        'content-type': 'application/json'
      },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
}

/** Runs the training notebook through the API and waits for it to succeed. */
export async function trainedRun(
  call: JsonCall,
  timeoutMs = 120_000
): Promise<IRunRecord> {
  const created = await call<IRunRecord>('POST', '/api/runs', {
    notebook: trainingNotebook(),
    target: 'local'
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const deadline = Date.now() + timeoutMs;
  let run = created.body;
  while (
    !['succeeded', 'failed', 'cancelled'].includes(run.status) &&
    Date.now() < deadline
  ) {
    await new Promise(r => setTimeout(r, 200));
    run = (await call<IRunRecord>('GET', `/api/runs/${run.id}`)).body;
  }
  assert.equal(run.status, 'succeeded', JSON.stringify(run.steps));
  return run;
}
