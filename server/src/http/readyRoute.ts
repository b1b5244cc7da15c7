import { StandbyError } from '../errors.js';
import type { Middleware } from './routing/Middleware.js';
import { sendJson } from './routing/sendJson.js';

const READY_PATH = /^\/api\/ready\/?$/;

/**
 * `GET /api/ready`, the one route without a token: Kubernetes probes cannot
 * send one. It says only whether this server drives runs (a standby of the
 * leader lease is not ready, so the Service routes to the leader), nothing
 * else. A step before auth, answering only this path.
 */
export function createReadyRoute(leadership: {
  readonly leading: boolean;
}): Middleware {
  return (req, res) => {
    if (
      (req.method !== 'GET' && req.method !== 'HEAD') ||
      !READY_PATH.test(req.path)
    ) {
      return false;
    }
    if (!leadership.leading) {
      throw new StandbyError(
        'a standby: another server holds the leader lease'
      );
    }
    sendJson(res, { status: 'ok' });
    return true;
  };
}
