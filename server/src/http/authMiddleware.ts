import { UnauthorizedError } from '../errors.js';
import type { TokenAuth } from '../auth/TokenAuth.js';
import type { Middleware } from './routing/Middleware.js';

/**
 * Rejects every HTTP request without a valid token: the client's own
 * `Authorization` header, or the header Jupyter's proxy adds. Runs before
 * routing, so unknown routes are 401 rather than 404 and nothing about the
 * route table leaks. A `?token=` query is deliberately ignored here: it is
 * only for websockets, whose browser API cannot set headers. The credential
 * is kept in `req.credential` for the cross-site guard.
 */
export function createAuthMiddleware(auth: TokenAuth): Middleware {
  return req => {
    const credential = auth.credentialOf(req.headers);
    if (!credential) {
      throw new UnauthorizedError();
    }
    req.credential = credential;
  };
}
