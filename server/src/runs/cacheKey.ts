import { createHash } from 'node:crypto';

import type { ICompiledStep } from '../contract/wire.js';

/** Bumped when what goes into a cache key changes, so old entries stop matching. */
const CACHE_KEY_VERSION = 1;

/**
 * What makes a step's result reusable: the exact program (code and wiring),
 * the image, the values of the parameters the step reads, and the content
 * of its inputs. Equal keys mean equal results (for deterministic code).
 */
export function stepCacheKey(
  step: ICompiledStep,
  parameters: Readonly<Record<string, unknown>>,
  inputHashes: Readonly<Record<string, string>>
): string {
  const material = {
    v: CACHE_KEY_VERSION,
    program: step.programHash,
    image: step.properties.runtime_image ?? null,
    parameters: step.parameters.map(name => [name, parameters[name] ?? null]),
    inputs: Object.keys(inputHashes)
      .sort()
      .map(name => [name, inputHashes[name]])
  };
  return createHash('sha256').update(JSON.stringify(material)).digest('hex');
}
