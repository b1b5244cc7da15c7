/**
 * Deeper than any notebook or pipeline nests: JSON.stringify, zod and the
 * harness recurse per level, so a body nested thousands deep would
 * overflow their stacks (a 500) instead of being refused (a 400).
 */
export const MAX_JSON_DEPTH = 64;

/** Why `value` is refused, or undefined; iterative, so depth cannot overflow it. */
export function jsonShapeProblem(
  value: unknown,
  maxDepth: number
): string | undefined {
  // Two parallel stacks and no paths kept: bodies of notebooks hold
  // hundreds of thousands of values, and this runs on the event loop.
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length > 0) {
    const item = values.pop();
    const depth = depths.pop()!;
    if (typeof item === 'number' && !Number.isFinite(item)) {
      return 'a number is too large for JSON (like 1e400)';
    }
    if (typeof item !== 'object' || item === null) {
      continue;
    }
    if (depth >= maxDepth) {
      return `nested deeper than ${maxDepth} levels`;
    }
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (typeof child === 'object' || typeof child === 'number') {
        values.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return undefined;
}
