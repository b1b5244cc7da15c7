import type { ServerResponse } from 'node:http';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Answers with `body` as JSON (what express's `res.status(s).json(body)` did). */
export function sendJson(
  res: ServerResponse,
  body: unknown,
  status = 200
): void {
  sendJsonText(res, JSON.stringify(body) ?? 'null', status);
}

/** Answers with JSON text made elsewhere (the compile worker's result). */
export function sendJsonText(
  res: ServerResponse,
  json: string,
  status = 200
): void {
  res.statusCode = status;
  res.setHeader('Content-Type', JSON_TYPE);
  res.setHeader('Content-Length', Buffer.byteLength(json));
  res.end(json);
}

/** An answer without a body (204 after a delete). */
export function sendEmpty(res: ServerResponse, status = 204): void {
  res.statusCode = status;
  res.end();
}
