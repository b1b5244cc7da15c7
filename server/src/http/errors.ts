import type { IProblem } from './wire.js';

/**
 * Base of every error the server maps to an HTTP response on purpose: `kind`
 * is the stable machine-readable name clients switch on, `status` the HTTP
 * status. Anything else reaching the error middleware is a bug (500).
 */
export class CellpipeError extends Error {
  constructor(
    readonly kind: string,
    readonly status: number,
    message: string
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class UnauthorizedError extends CellpipeError {
  constructor(message = 'missing or invalid token') {
    super('unauthorized', 401, message);
  }
}

export class NotFoundError extends CellpipeError {
  constructor(message: string) {
    super('not_found', 404, message);
  }
}

export class ValidationError extends CellpipeError {
  constructor(
    message: string,
    readonly problems?: IProblem[]
  ) {
    super('invalid_request', 400, message);
  }
}

export class ConflictError extends CellpipeError {
  constructor(message: string) {
    super('conflict', 409, message);
  }
}

export class PayloadTooLargeError extends CellpipeError {
  constructor(message: string) {
    super('payload_too_large', 413, message);
  }
}
