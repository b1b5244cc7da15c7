import type { ServerResponse } from 'node:http';

import type { Logger } from 'pino';

import { CellpipeError, type ErrorKind, ValidationError } from '../errors.js';
import { AUTH_CHALLENGE } from '../auth/TokenAuth.js';
import type { IErrorBody } from '../contract/wire.js';
import type { IHttpRequest } from './routing/HttpRequest.js';
import { sendJson } from './routing/sendJson.js';

/** The one mapping from a domain error's kind to its HTTP status. */
const HTTP_STATUS: Record<ErrorKind, number> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  invalid_request: 400,
  invalid_json: 400,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  not_a_model: 400,
  not_ready: 409,
  endpoint_unreachable: 502,
  storage_unavailable: 503,
  standby: 503
};

export type ErrorResponder = (
  err: unknown,
  req: IHttpRequest,
  res: ServerResponse
) => void;

/**
 * The one place errors become HTTP responses with an `IErrorBody`. Domain
 * errors keep their kind and get its status; everything else is a 500
 * whose details go to the log, never to the client.
 */
export function createErrorResponder(logger: Logger): ErrorResponder {
  return (err, req, res) => {
    if (res.headersSent) {
      // Too late for a JSON body: the client sees the connection end.
      logger.warn(
        { err, method: req.method, path: req.path },
        'response broken off'
      );
      res.destroy();
      return;
    }
    if (!req.raw.complete) {
      // A body left unread (refused early): do not keep the connection for another request.
      res.setHeader('Connection', 'close');
    }
    const known = toCellpipeError(err);
    if (known) {
      if (known.kind === 'unauthorized') {
        res.setHeader('WWW-Authenticate', AUTH_CHALLENGE);
      }
      sendJson(res, errorBody(known), HTTP_STATUS[known.kind]);
      return;
    }
    logger.error({ err, method: req.method, path: req.path }, 'request failed');
    const body: IErrorBody = {
      error: { kind: 'internal', message: 'internal server error' }
    };
    sendJson(res, body, 500);
  };
}

function errorBody(err: CellpipeError): IErrorBody {
  const problems = 'problems' in err ? err.problems : undefined;
  return {
    error: {
      kind: err.kind,
      message: err.message,
      ...(Array.isArray(problems) ? { problems } : {})
    }
  };
}

function toCellpipeError(err: unknown): CellpipeError | undefined {
  if (err instanceof CellpipeError) {
    return err;
  }
  if (err instanceof URIError) {
    // A path parameter with a malformed escape (`%E0%A4%A`, a lone `%`).
    return new ValidationError(
      'the URL has a malformed % escape: percent-encode it as UTF-8'
    );
  }
  return undefined;
}
