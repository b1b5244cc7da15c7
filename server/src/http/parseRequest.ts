import { ValidationError } from '../errors.js';
import type { IProblem } from '../contract/wire.js';
import type * as z from '../spec/zodMini.js';

/**
 * Validates a request part at the edge; handlers get the parsed value. A bad
 * request is a 400 whose problems name each wrong field.
 */
export function parseRequest<T extends z.ZodMiniType>(
  schema: T,
  value: unknown,
  what = 'request body'
): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) {
    return parsed.data;
  }
  const problems: IProblem[] = parsed.error.issues.map(issue => ({
    path: issue.path.map(String).join('.') || what,
    message: issue.message,
    kind: 'invalid-request',
    severity: 'error'
  }));
  const first = problems[0];
  throw new ValidationError(
    `invalid ${what}: ${first.path}: ${first.message}`,
    problems
  );
}
