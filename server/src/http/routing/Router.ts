import type { ServerResponse } from 'node:http';

import type { IHttpRequest } from './HttpRequest.js';

/** A route's work; a thrown error or rejected promise goes to the error responder. */
export type RouteHandler = (req: IHttpRequest, res: ServerResponse) => unknown;

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

interface IRoute {
  method: Method;
  /** Literal segments as they are, `:name` for a parameter. */
  segments: string[];
  handler: RouteHandler;
}

export interface IRouteMatch {
  handler: RouteHandler;
  params: Record<string, string>;
}

/**
 * The route table: `/runs/:id/steps/:step/logs`-style paths, matched in the
 * order they were added (so `/runs/compare` comes before `/runs/:id`), one
 * segment at a time. A parameter matches one non-empty segment and is
 * percent-decoded (a malformed escape throws URIError, a 400 upstream);
 * literals match as sent. HEAD is answered by the GET route, as in express;
 * one trailing slash is ignored. There are ~25 routes: a linear scan costs
 * microseconds, and no router library pays its load time at start-up.
 */
export class Router {
  private readonly routes: IRoute[] = [];

  constructor(private readonly prefix = '') {}

  get(path: string, handler: RouteHandler): this {
    return this.add('GET', path, handler);
  }

  post(path: string, handler: RouteHandler): this {
    return this.add('POST', path, handler);
  }

  patch(path: string, handler: RouteHandler): this {
    return this.add('PATCH', path, handler);
  }

  delete(path: string, handler: RouteHandler): this {
    return this.add('DELETE', path, handler);
  }

  /** Adds another table's routes under this one's prefix. */
  include(other: Router): this {
    for (const route of other.routes) {
      this.routes.push({
        ...route,
        segments: [...splitPath(this.prefix), ...route.segments]
      });
    }
    return this;
  }

  /** The first route for `method` and `path` (still percent-encoded), or undefined. */
  match(method: string, path: string): IRouteMatch | undefined {
    const wanted = method === 'HEAD' ? 'GET' : method;
    const segments = splitPath(path);
    for (const route of this.routes) {
      if (route.method === wanted) {
        const params = matchSegments(route.segments, segments);
        if (params) {
          return { handler: route.handler, params };
        }
      }
    }
    return undefined;
  }

  private add(method: Method, path: string, handler: RouteHandler): this {
    this.routes.push({
      method,
      segments: splitPath(this.prefix + path),
      handler
    });
    return this;
  }
}

function splitPath(path: string): string[] {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed === '' ? [] : trimmed.slice(1).split('/');
}

function matchSegments(
  pattern: string[],
  actual: string[]
): Record<string, string> | undefined {
  const fits =
    pattern.length === actual.length &&
    pattern.every((want, i) =>
      want.startsWith(':') ? actual[i] !== '' : want === actual[i]
    );
  if (!fits) {
    return undefined;
  }
  // Decoded only once the route is known to fit: a bad escape is this route's 400.
  const params: Record<string, string> = {};
  pattern.forEach((want, i) => {
    if (want.startsWith(':')) {
      params[want.slice(1)] = decodeURIComponent(actual[i]);
    }
  });
  return params;
}
