import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

import type { Credential } from '../../auth/TokenAuth.js';

/** A query value as node:querystring parses it: repeated keys make an array. */
export type QueryValue = string | string[];

/**
 * What the middleware and routes see of a request. Filled in stages, like
 * express's `req`: the auth step sets `credential`, the body reader `body`,
 * the router `params`.
 */
export interface IHttpRequest {
  readonly raw: IncomingMessage;
  readonly method: string;
  /** The path as sent, percent-encoded, without the query. */
  readonly path: string;
  /** The request target as sent, with its query. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly query: Record<string, QueryValue>;
  params: Record<string, string>;
  /** Parsed JSON; a Buffer for a large compile body; undefined without a JSON body. */
  body: unknown;
  credential?: Credential;
}

/** The request seen by the routes; the query is parsed on first use. */
export function toHttpRequest(raw: IncomingMessage): IHttpRequest {
  const url = raw.url ?? '/';
  const { path, search } = splitTarget(url);
  let query: Record<string, QueryValue> | undefined;
  return {
    raw,
    method: raw.method ?? 'GET',
    path,
    url,
    headers: raw.headers,
    get query() {
      query ??= parseQuery(search);
      return query;
    },
    params: {},
    body: undefined
  };
}

/** Origin-form (`/api/x?y`) as sent; absolute-form (`http://h/api/x`) by its path. */
function splitTarget(url: string): { path: string; search: string } {
  let target = url;
  if (!url.startsWith('/')) {
    try {
      const parsed = new URL(url);
      target = parsed.pathname + parsed.search;
    } catch {
      target = '/';
    }
  }
  const q = target.indexOf('?');
  return q < 0
    ? { path: target, search: '' }
    : { path: target.slice(0, q), search: target.slice(q + 1) };
}

/** As express 5's default ("simple") query parser: node:querystring (a null-prototype object). */
function parseQuery(search: string): Record<string, QueryValue> {
  const { parse } = process.getBuiltinModule('node:querystring');
  return parse(search) as Record<string, QueryValue>;
}
