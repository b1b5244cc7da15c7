import cors from 'cors';
import type { RequestHandler } from 'express';

/**
 * Lets a JupyterLab on another origin use a standalone server (its
 * `serverUrl` setting). Only the listed origins get CORS headers; a
 * preflight from any other origin falls through to the auth middleware and
 * gets its 401, so no route answers without a token for strangers.
 */
export function createCorsMiddleware(origins: string[]): RequestHandler {
  const allowed = new Set(origins.map(o => o.replace(/\/+$/, '')));
  const handler = cors({
    origin: [...allowed],
    allowedHeaders: ['Authorization', 'Content-Type'],
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    maxAge: 600
  });
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin !== undefined && allowed.has(origin)) {
      handler(req, res, next);
    } else {
      next();
    }
  };
}
