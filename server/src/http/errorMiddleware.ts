import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';

import {
  CellpipeError,
  type ErrorKind,
  NotFoundError,
  PayloadTooLargeError,
  UnauthorizedError,
  ValidationError
} from '../errors.js';
import { AUTH_CHALLENGE } from '../auth/TokenAuth.js';
import type { IErrorBody } from '../contract/wire.js';

/** The shape of the http-errors objects body-parser passes to `next`. */
interface IHttpError {
  status?: unknown;
  type?: unknown;
  expose?: unknown;
  limit?: unknown;
  message?: unknown;
}

/** The one mapping from a domain error's kind to its HTTP status. */
const HTTP_STATUS: Record<ErrorKind, number> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  invalid_request: 400,
  invalid_json: 400,
  conflict: 409,
  payload_too_large: 413,
  not_a_model: 400,
  not_ready: 409,
  endpoint_unreachable: 502,
  storage_unavailable: 503,
  standby: 503
};

/** The 404 for every request no router answered. */
export function createNotFoundHandler(): RequestHandler {
  return (req, _res, next) => {
    next(new NotFoundError(`no route for ${req.method} ${req.path}`));
  };
}

/**
 * The one place errors become HTTP responses with an `IErrorBody`. Known
 * errors keep their status and kind; body-parser's errors are translated;
 * everything else is a 500 whose details go to the log, never to the client.
 */
export function createErrorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      // Too late for a JSON body: let express close the connection.
      next(err);
      return;
    }
    const known = toCellpipeError(err);
    if (known instanceof UnauthorizedError) {
      res.setHeader('WWW-Authenticate', AUTH_CHALLENGE);
    }
    if (known) {
      send(res, HTTP_STATUS[known.kind], errorBody(known));
      return;
    }
    const clientError = exposedClientError(err);
    if (clientError) {
      send(res, clientError.status, {
        error: { kind: 'invalid_request', message: clientError.message }
      });
      return;
    }
    logger.error({ err, method: req.method, path: req.path }, 'request failed');
    send(res, 500, {
      error: { kind: 'internal', message: 'internal server error' }
    });
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

function send(res: Response, status: number, body: IErrorBody): void {
  res.status(status).json(body);
}

/** Maps our own errors and body-parser's to a CellpipeError, else undefined. */
function toCellpipeError(err: unknown): CellpipeError | undefined {
  if (err instanceof CellpipeError) {
    return err;
  }
  if (err instanceof URIError) {
    // The router could not decode a path parameter (`%E0%A4%A`, a lone `%`).
    return new ValidationError(
      'the URL has a malformed % escape: percent-encode it as UTF-8'
    );
  }
  if (typeof err !== 'object' || err === null) {
    return undefined;
  }
  const httpError = err as IHttpError;
  switch (httpError.type) {
    case 'entity.too.large':
      return new PayloadTooLargeError(
        `request body exceeds the limit of ${String(httpError.limit)} bytes`
      );
    case 'entity.parse.failed':
      return new CellpipeError(
        'invalid_json',
        'request body is not valid JSON'
      );
  }
  return undefined;
}

/**
 * Other client errors from body-parser (unsupported charset, aborted
 * request, ...) are marked `expose` and carry a 4xx status: pass them on as
 * `invalid_request` rather than calling them server faults.
 */
function exposedClientError(
  err: unknown
): { status: number; message: string } | undefined {
  if (typeof err !== 'object' || err === null) {
    return undefined;
  }
  const { status, expose, message } = err as IHttpError;
  if (
    expose === true &&
    typeof status === 'number' &&
    status >= 400 &&
    status < 500 &&
    typeof message === 'string'
  ) {
    return { status, message };
  }
  return undefined;
}
