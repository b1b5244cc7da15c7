import { ValidationError } from '../errors.js';
import { isRawCompileBody } from './compileRequest.js';
import { jsonShapeProblem, MAX_JSON_DEPTH } from './jsonLimits.js';
import type { Middleware } from './routing/Middleware.js';
import {
  hasBody,
  isJsonRequest,
  parseJsonBody,
  readBodyBytes
} from './routing/requestBody.js';

const API_PATH = /^\/api(?:\/|$)/;

/**
 * Reads JSON bodies of `/api` requests into `req.body`, before routing (so
 * an oversized body is 413 on any path, as with express.json). A large
 * compile body stays bytes, parsed and checked in the compile worker; every
 * other body is refused here when nested deeper than MAX_JSON_DEPTH or
 * holding numbers JSON cannot carry back (`1e400`). A body that is not JSON
 * is left unread: `req.body` stays undefined and the route's check says so.
 */
export function createBodyMiddleware(limit: number): Middleware {
  return async req => {
    if (
      !API_PATH.test(req.path) ||
      !hasBody(req.raw) ||
      !isJsonRequest(req.raw)
    ) {
      return;
    }
    const bytes = await readBodyBytes(req.raw, limit);
    if (isRawCompileBody(req)) {
      req.body = bytes;
      return;
    }
    req.body = parseJsonBody(bytes);
    const problem = jsonShapeProblem(req.body, MAX_JSON_DEPTH);
    if (problem) {
      throw new ValidationError(`invalid request body: ${problem}`);
    }
  };
}
