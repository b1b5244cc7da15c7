import type { ServerResponse } from 'node:http';

import type { IHttpRequest } from './HttpRequest.js';

/**
 * A step before the routes, in the order createHttpApp lists them. It
 * refuses by throwing a domain error, and returns true when it has answered
 * the request itself (a CORS preflight, the readiness probe).
 */
export type Middleware = (
  req: IHttpRequest,
  res: ServerResponse
) => boolean | void | Promise<boolean | void>;
