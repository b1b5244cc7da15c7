import type { IProblem } from './contract/wire.js';

/**
 * The kinds of failure the server reports on purpose: the stable,
 * machine-readable names clients switch on. Only the HTTP layer knows which
 * status each kind becomes (`http/errorResponder.ts`).
 */
export type ErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'invalid_request'
  | 'invalid_json'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'not_a_model'
  | 'not_ready'
  | 'endpoint_unreachable'
  | 'storage_unavailable'
  | 'standby';

/**
 * Base of every domain error thrown on purpose. Anything else reaching the
 * error middleware is a bug (500).
 */
export class CellpipeError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class UnauthorizedError extends CellpipeError {
  constructor(message = 'missing or invalid token') {
    super('unauthorized', message);
  }
}

/** Authenticated, but refused: a cross-site request, say. */
export class ForbiddenError extends CellpipeError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

export class NotFoundError extends CellpipeError {
  constructor(message: string) {
    super('not_found', message);
  }
}

export class ValidationError extends CellpipeError {
  constructor(
    message: string,
    readonly problems?: IProblem[]
  ) {
    super('invalid_request', message);
  }
}

export class ConflictError extends CellpipeError {
  constructor(message: string) {
    super('conflict', message);
  }
}

export class PayloadTooLargeError extends CellpipeError {
  constructor(message: string) {
    super('payload_too_large', message);
  }
}

/** A request body in a charset or content encoding the server does not read. */
export class UnsupportedMediaTypeError extends CellpipeError {
  constructor(message: string) {
    super('unsupported_media_type', message);
  }
}

/** The artifact asked to be deployed is data, not a model. */
export class NotAModelError extends CellpipeError {
  constructor(message: string) {
    super('not_a_model', message);
  }
}

/** A test request to a deployment that does not answer requests now. */
export class NotReadyError extends CellpipeError {
  constructor(message: string) {
    super('not_ready', message);
  }
}

/** The endpoint behind the proxy did not answer. */
export class EndpointUnreachableError extends CellpipeError {
  constructor(message: string) {
    super('endpoint_unreachable', message);
  }
}

/** Why the artifact store cannot be used: each has its own fix. */
export type StorageProblem =
  'credentials' | 'permission' | 'no_bucket' | 'unreachable' | 'config';

/**
 * The artifact store (a bucket) cannot be used now: a run is refused before
 * anything starts, with the reason and the fix in the message.
 */
export class StorageUnavailableError extends CellpipeError {
  constructor(
    readonly problem: StorageProblem,
    message: string
  ) {
    super('storage_unavailable', message);
  }
}

/**
 * This server does not hold the leader lease: another replica drives the
 * runs. Clients retry; the Service routes to the leader once it is ready.
 */
export class StandbyError extends CellpipeError {
  constructor(message: string) {
    super('standby', message);
  }
}
