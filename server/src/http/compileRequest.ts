import express, { type RequestHandler } from 'express';
import { z } from 'zod';

import { CellpipeError, ValidationError } from '../errors.js';
import type { ICompileInput } from '../pipelines/CompileService.js';
import { jsonShapeProblem, MAX_JSON_DEPTH } from './jsonLimits.js';
import { parseRequest } from './parseRequest.js';
import { nameField, notebookField, parametersField } from './requestFields.js';

export const CompileRequestSchema = z
  .object({
    notebook: notebookField,
    name: nameField.optional(),
    notebookPath: z.string().min(1).max(4096).optional(),
    parameters: parametersField.optional()
  })
  .strict();

/**
 * Compile bodies from this size on reach the route as bytes and are parsed
 * in the compile worker: JSON.parse of 16 MiB of small objects took ~250 ms
 * of CPU here, and cloning the parsed notebook into the worker as much again.
 */
export const RAW_COMPILE_FROM = 1 << 20;

/** Leaves large JSON compile bodies unparsed (a Buffer in `req.body`); `express.json` skips them then. */
export function rawCompileBody(limit: number): RequestHandler {
  return express.raw({
    limit,
    type: req =>
      Number(req.headers['content-length'] ?? 0) >= RAW_COMPILE_FROM &&
      /^application\/json\b/i.test(req.headers['content-type'] ?? '')
  });
}

/** What `express.json`, the shape check and the route check on the loop, done where it is called (the worker). */
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
