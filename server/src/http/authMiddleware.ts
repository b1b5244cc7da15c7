import type { RequestHandler } from 'express';

import { UnauthorizedError } from '../errors.js';
import type { TokenAuth } from '../auth/TokenAuth.js';

/**
 * Rejects every HTTP request without a valid `Authorization` header. Mounted
 * before any router, so unknown routes are 401 rather than 404 and nothing
 * about the route table leaks. A `?token=` query is deliberately ignored
 * here: it is only for websockets, whose browser API cannot set headers.
 */
export function createAuthMiddleware(auth: TokenAuth): RequestHandler {
  return (req, _res, next) => {
    if (auth.checkHeader(req.headers.authorization)) {
      next();
    } else {
      next(new UnauthorizedError());
    }
  };
}
