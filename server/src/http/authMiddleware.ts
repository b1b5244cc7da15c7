import type { RequestHandler } from 'express';

import { UnauthorizedError } from '../errors.js';
import type { Credential, TokenAuth } from '../auth/TokenAuth.js';

/**
 * Rejects every HTTP request without a valid token: the client's own
 * `Authorization` header, or the header Jupyter's proxy adds. Mounted
 * before any router, so unknown routes are 401 rather than 404 and nothing
 * about the route table leaks. A `?token=` query is deliberately ignored
 * here: it is only for websockets, whose browser API cannot set headers.
 * The credential is kept in `res.locals.credential` for the cross-site guard.
 */
export function createAuthMiddleware(auth: TokenAuth): RequestHandler {
  return (req, res, next) => {
    const credential: Credential | undefined = auth.credentialOf(req.headers);
    if (credential) {
      res.locals.credential = credential;
      next();
    } else {
      next(new UnauthorizedError());
    }
  };
}
