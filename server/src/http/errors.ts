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

/** The artifact asked to be deployed is data, not a model. */
export class NotAModelError extends CellpipeError {
  constructor(message: string) {
    super('not_a_model', 400, message);
  }
}

/** A test request to a deployment that does not answer requests now. */
export class NotReadyError extends CellpipeError {
  constructor(message: string) {
    super('not_ready', 409, message);
  }
}

/** The endpoint behind the proxy did not answer. */
export class EndpointUnreachableError extends CellpipeError {
  constructor(message: string) {
    super('endpoint_unreachable', 502, message);
  }
}
