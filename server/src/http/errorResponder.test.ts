import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';

import { pino } from 'pino';

import {
  jsonBody,
  startTestServer,
  type ITestServer
} from '../testing/testServer.js';
import { ConflictError, ValidationError } from '../errors.js';
import { createErrorResponder } from './errorResponder.js';
import { toHttpRequest } from './routing/HttpRequest.js';
import { Router } from './routing/Router.js';

const BODY_LIMIT = 1024;

describe('the real app answers errors with an IErrorBody', () => {
  let ctx: ITestServer;
  before(async () => (ctx = await startTestServer({ bodyLimit: BODY_LIMIT })));
  after(() => ctx.server.stop());

  const post = (
    path: string,
    body: string | ReadableStream<Uint8Array>
  ): Promise<Response> =>
    fetch(`${ctx.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: ctx.authHeader,
        'content-type': 'application/json'
      },
      body,
      // Required by fetch for streamed request bodies.
      duplex: 'half'
    });

  test('an unknown route is 404 not_found naming method and path', async () => {
    const res = await fetch(`${ctx.baseUrl}/api/nope?x=1`, {
      method: 'DELETE',
      headers: { authorization: ctx.authHeader }
    });
    assert.equal(res.status, 404);
    assert.deepEqual(await jsonBody(res), {
      error: { kind: 'not_found', message: 'no route for DELETE /api/nope' }
    });
  });

  test('a JSON body within the limit is parsed and reaches the 404 handler', async () => {
    const res = await post(
      '/api/nope',
      JSON.stringify({ pad: 'x'.repeat(900) })
    );
    assert.equal(res.status, 404);
    await res.body?.cancel();
  });

  test('a body over the limit is 413 payload_too_large naming the limit', async () => {
    const res = await post(
      '/api/nope',
      JSON.stringify({ pad: 'x'.repeat(2000) })
    );
    assert.equal(res.status, 413);
    assert.deepEqual(await jsonBody(res), {
      error: {
        kind: 'payload_too_large',
        message: `request body exceeds the limit of ${BODY_LIMIT} bytes`
      }
    });
  });

  test('a chunked body (no Content-Length) over the limit is 413 too', async () => {
    const chunk = new TextEncoder().encode(`"${'y'.repeat(600)}`);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(chunk);
        controller.enqueue(chunk);
        controller.enqueue(new TextEncoder().encode('"'));
        controller.close();
      }
    });
    const res = await post('/api/nope', stream);
    assert.equal(res.status, 413);
    const body = (await jsonBody(res)) as { error: { kind: string } };
    assert.equal(body.error.kind, 'payload_too_large');
  });

  test('malformed JSON is 400 invalid_json', async () => {
    const res = await post('/api/nope', '{"a":');
    assert.equal(res.status, 400);
    assert.deepEqual(await jsonBody(res), {
      error: { kind: 'invalid_json', message: 'request body is not valid JSON' }
    });
  });
});

describe('the error responder on its own', () => {
  const logged: string[] = [];
  let server: Server;
  let baseUrl: string;

  before(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged.push(chunk.toString('utf8'));
        done();
      }
    });
    const routes = new Router();
    routes.get('/boom', () => {
      throw new Error('secret internals');
    });
    routes.get('/invalid', () => {
      const problem = {
        path: 'steps.a',
        message: 'unknown',
        kind: 'unknown-step',
        severity: 'error' as const
      };
      throw new ValidationError('pipeline is invalid', [problem]);
    });
    routes.get('/conflict', () =>
      Promise.reject(new ConflictError('run is busy'))
    );
    const respond = createErrorResponder(pino({ level: 'error' }, sink));
    server = createServer((raw, res) => {
      const req = toHttpRequest(raw);
      Promise.resolve()
        .then(() => routes.match(req.method, req.path)?.handler(req, res))
        .catch(err => respond(err, req, res));
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>(resolve => server.close(() => resolve())));

  test('an unexpected error is 500 internal, logged, without a stack trace', async () => {
    const res = await fetch(`${baseUrl}/boom`);
    assert.equal(res.status, 500);
    const text = await res.text();
    assert.deepEqual(JSON.parse(text), {
      error: { kind: 'internal', message: 'internal server error' }
    });
    assert.doesNotMatch(text, /secret|at /);
    assert.match(logged.join(''), /secret internals/);
  });

  test('a ValidationError is 400 invalid_request with its problems', async () => {
    const res = await fetch(`${baseUrl}/invalid`);
    assert.equal(res.status, 400);
    assert.deepEqual(await jsonBody(res), {
      error: {
        kind: 'invalid_request',
        message: 'pipeline is invalid',
        problems: [
          {
            path: 'steps.a',
            message: 'unknown',
            kind: 'unknown-step',
            severity: 'error'
          }
        ]
      }
    });
  });

  test('a rejected promise from an async handler reaches it', async () => {
    const res = await fetch(`${baseUrl}/conflict`);
    assert.equal(res.status, 409);
    assert.deepEqual(await jsonBody(res), {
      error: { kind: 'conflict', message: 'run is busy' }
    });
  });
});
