import type { Logger } from 'pino';

import {
  cookieValue,
  sameXsrfToken,
  XSRF_ARGUMENT,
  XSRF_COOKIE,
  XSRF_HEADERS
} from '../auth/xsrfToken.js';
import { ForbiddenError } from '../errors.js';
import type { IHttpRequest } from './routing/HttpRequest.js';
import type { Middleware } from './routing/Middleware.js';

/** Methods that change nothing; Jupyter checks XSRF on every other one. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** A script sent Jupyter a token: browsers never add these schemes by themselves. */
const TOKEN_SCHEME = /^(?:token|bearer)\s+\S/i;

/**
 * What jupyter-server-proxy leaves to the proxied app ("Defer to proxied
 * apps", its `check_xsrf_cookie`): a request Jupyter let through on its
 * login cookie may come from any page the browser has open. Such requests
 * are refused when their `Sec-Fetch-Site` or `Origin` is foreign, and
 * state-changing ones must repeat the `_xsrf` cookie in `X-XSRFToken` (as
 * JupyterLab's ServerConnection does), checked the way Jupyter Server does.
 * Requests carrying a token themselves (ours, or Jupyter's in
 * `Authorization`) are exempt, as in Jupyter.
 */
export function createCrossSiteGuard(
  allowOrigins: string[],
  logger?: Logger
): Middleware {
  const allowed = new Set(allowOrigins.map(o => o.replace(/\/+$/, '')));
  return req => {
    if (
      req.credential !== 'jupyter-proxy' ||
      TOKEN_SCHEME.test(req.headers.authorization ?? '')
    ) {
      return;
    }
    const refusal =
      foreignOrigin(req, allowed) ??
      (SAFE_METHODS.has(req.method) ? undefined : missingXsrf(req));
    if (refusal) {
      // As Jupyter does ("Blocking Cross Origin API request"): say it in the log.
      logger?.warn(
        {
          method: req.method,
          path: req.path,
          origin: req.headers.origin,
          site: req.headers['sec-fetch-site']
        },
        refusal
      );
    }
    if (refusal) {
      throw new ForbiddenError(refusal);
    }
  };
}

function foreignOrigin(
  req: IHttpRequest,
  allowed: Set<string>
): string | undefined {
  const origin = req.headers.origin;
  if (origin !== undefined && allowed.has(origin)) {
    return undefined;
  }
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') {
    return `cross-site request refused (Sec-Fetch-Site: ${site})`;
  }
  if (origin !== undefined && originHost(origin) !== hostOf(req)) {
    return `cross-site request refused: Origin ${origin} is not this server (Host ${req.headers.host ?? 'missing'})`;
  }
  return undefined;
}

function missingXsrf(req: IHttpRequest): string | undefined {
  const submitted =
    XSRF_HEADERS.map(h => req.headers[h]).find(v => typeof v === 'string') ??
    queryArgument(req.url, XSRF_ARGUMENT);
  if (typeof submitted !== 'string' || submitted === '') {
    return `cross-site request refused: no XSRF token (send the ${XSRF_COOKIE} cookie's value in X-XSRFToken, as JupyterLab does)`;
  }
  if (!sameXsrfToken(cookieValue(req.headers.cookie, XSRF_COOKIE), submitted)) {
    return `cross-site request refused: the XSRF token does not match the ${XSRF_COOKIE} cookie`;
  }
  return undefined;
}

/** The Origin's `host[:port]`, lower-cased; undefined for `null` or garbage. */
function originHost(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:'
      ? url.host.toLowerCase()
      : undefined;
  } catch {
    return undefined;
  }
}

/** The Host header as Jupyter compares it, normalised like the Origin. */
function hostOf(req: IHttpRequest): string | undefined {
  const host = req.headers.host;
  return host ? originHost(`http://${host}`) : undefined;
}

function queryArgument(url: string, name: string): string | undefined {
  const q = url.indexOf('?');
  return q < 0
    ? undefined
    : (new URLSearchParams(url.slice(q + 1)).get(name) ?? undefined);
}
