import cors from 'cors';

import type { Middleware } from './routing/Middleware.js';

/**
 * Lets a JupyterLab on another origin use a standalone server (its
 * `serverUrl` setting). Only the listed origins get CORS headers; a
 * preflight from any other origin falls through to the auth middleware and
 * gets its 401, so no route answers without a token for strangers.
 */
export function createCorsMiddleware(origins: string[]): Middleware {
  const allowed = new Set(origins.map(o => o.replace(/\/+$/, '')));
  const handler = cors({
    origin: [...allowed],
    allowedHeaders: ['Authorization', 'Content-Type'],
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    maxAge: 600
  });
  return (req, res) => {
    const origin = req.headers.origin;
    if (origin === undefined || !allowed.has(origin)) {
      return false;
    }
    // With fixed options cors() is synchronous: it either calls next or,
    // for a preflight, answers (204) itself.
    let passedOn = false;
    handler(req.raw, res, () => (passedOn = true));
    return !passedOn;
  };
}
