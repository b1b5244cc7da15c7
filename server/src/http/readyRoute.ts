import type { RequestHandler } from 'express';

import { StandbyError } from '../errors.js';

/**
 * `GET /api/ready`, the one route without a token: Kubernetes probes cannot
 * send one. It says only whether this server drives runs (a standby of the
 * leader lease is not ready, so the Service routes to the leader), nothing else.
 */
export function createReadyRoute(leadership: {
  readonly leading: boolean;
}): RequestHandler {
  return (_req, res, next) => {
    if (leadership.leading) {
      res.json({ status: 'ok' });
    } else {
      next(
        new StandbyError('a standby: another server holds the leader lease')
      );
    }
  };
}
