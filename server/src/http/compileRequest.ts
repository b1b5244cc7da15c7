import { CellpipeError, ValidationError } from '../errors.js';
import type { ICompileInput } from '../pipelines/CompileService.js';
import { jsonShapeProblem, MAX_JSON_DEPTH } from './jsonLimits.js';
import { parseRequest } from './parseRequest.js';
import * as z from '../spec/zodMini.js';
import type { IHttpRequest } from './routing/HttpRequest.js';
import { nameField, notebookField, parametersField } from './requestFields.js';

export const CompileRequestSchema = z.strictObject({
  notebook: notebookField,
  name: z.optional(nameField),
  notebookPath: z.optional(z.string().check(z.minLength(1), z.maxLength(4096))),
  parameters: z.optional(parametersField)
});

/**
 * Compile bodies from this size on reach the route as bytes and are parsed
 * in the compile worker: JSON.parse of 16 MiB of small objects took ~250 ms
 * of CPU here, and cloning the parsed notebook into the worker as much again.
 */
export const RAW_COMPILE_FROM = 1 << 20;

const COMPILE_PATH = /^\/api\/pipelines\/compile(?:\/|$)/;

/** Whether a compile body stays bytes (a Buffer in `req.body`) for the worker to parse. */
export function isRawCompileBody(req: IHttpRequest): boolean {
  return (
    COMPILE_PATH.test(req.path) &&
    Number(req.headers['content-length'] ?? 0) >= RAW_COMPILE_FROM
  );
}

/** What the body middleware, the shape check and the route check on the loop, done where it is called (the worker). */
export function parseCompileBody(
  raw: Uint8Array
): Omit<ICompileInput, 'signal'> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(raw));
  } catch {
    throw new CellpipeError('invalid_json', 'request body is not valid JSON');
  }
  const problem = jsonShapeProblem(value, MAX_JSON_DEPTH);
  if (problem) {
    throw new ValidationError(`invalid request body: ${problem}`);
  }
  return parseRequest(CompileRequestSchema, value);
}
