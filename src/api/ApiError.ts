import type { IProblem } from './wire';

/** A request the server refused, with its kind and, for pipelines, the problems. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly kind: string,
    message: string,
    readonly problems: IProblem[] = []
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
