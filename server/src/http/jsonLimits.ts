import type { RequestHandler } from 'express';

import { ValidationError } from '../errors.js';

/**
 * Deeper than any notebook or pipeline nests: JSON.stringify, zod and the
 * harness recurse per level, so a body nested thousands deep would
 * overflow their stacks (a 500) instead of being refused (a 400).
 */
export const MAX_JSON_DEPTH = 64;

/** Refuses parsed bodies nested deeper than `maxDepth` or holding numbers JSON cannot carry back (`1e400`). */
export function createJsonShapeCheck(
  maxDepth = MAX_JSON_DEPTH
): RequestHandler {
  return (req, _res, next) => {
    const problem = jsonShapeProblem(req.body, maxDepth);
    next(
      problem
        ? new ValidationError(`invalid request body: ${problem}`)
        : undefined
    );
  };
}

/** Why `value` is refused, or undefined; iterative, so depth cannot overflow it. */
export function jsonShapeProblem(
  value: unknown,
  maxDepth: number
): string | undefined {
  const stack: { value: unknown; depth: number; path: string }[] = [
    { value, depth: 0, path: '' }
  ];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item.value === 'number' && !Number.isFinite(item.value)) {
      return `${item.path || 'the body'}: the number is too large`;
    }
    if (typeof item.value !== 'object' || item.value === null) {
      continue;
    }
    if (item.depth >= maxDepth) {
      return `nested deeper than ${maxDepth} levels`;
    }
    for (const [key, child] of Object.entries(item.value)) {
      const path = item.path ? `${item.path}.${key}` : key;
      stack.push({ value: child, depth: item.depth + 1, path });
    }
  }
  return undefined;
}
