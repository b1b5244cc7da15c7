import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';

import {
  CellpipeError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError
} from '../../errors.js';

/** JSON bodies begin with an object or an array (body-parser's `strict`). */
const STRICT_START = /^[ \t\n\r]*([^ \t\n\r])/;
const JSON_TYPE = /^application\/json\s*(?:;|$)/i;

/** Whether the request says it carries JSON (`application/json`, any parameters). */
export function isJsonRequest(req: IncomingMessage): boolean {
  return JSON_TYPE.test(req.headers['content-type'] ?? '');
}

/** As body-parser's `hasBody`: a length (even 0) or a transfer encoding. */
export function hasBody(req: IncomingMessage): boolean {
  return (
    req.headers['transfer-encoding'] !== undefined ||
    !Number.isNaN(Number.parseInt(req.headers['content-length'] ?? '', 10))
  );
}

/**
 * The body's bytes, refused at `limit`: at once when Content-Length says
 * more, else as soon as the bytes read (after decompression) pass it.
 * gzip, deflate and br bodies are inflated, as body-parser did; the charset
 * must be UTF-8, which every JSON client sends.
 */
export async function readBodyBytes(
  req: IncomingMessage,
  limit: number
): Promise<Buffer> {
  checkCharset(req.headers['content-type'] ?? '');
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    throw tooLarge(limit);
  }
  const source = decoded(req);
  try {
    return await collect(source, limit);
  } finally {
    if (source !== req) {
      req.unpipe();
      source.destroy();
    }
  }
}

/**
 * Reads to the end or to the limit. Not `for await`: leaving that loop
 * destroys the request, and with it the socket the 413 must go out on; the
 * request is paused instead, as body-parser did.
 */
function collect(source: Readable, limit: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (err?: CellpipeError) => {
      source.off('data', onData).off('end', onEnd);
      source.off('error', onError).off('close', onClose);
      if (err) {
        source.pause();
        reject(err);
      } else {
        resolve(Buffer.concat(chunks, size));
      }
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        finish(tooLarge(limit));
      } else {
        chunks.push(chunk);
      }
    };
    const onEnd = () => finish();
    const onError = (err: Error) =>
      finish(
        new ValidationError(`request body could not be read: ${err.message}`)
      );
    const onClose = () => onError(new Error('the client went away'));
    source.on('data', onData).on('end', onEnd);
    source.on('error', onError).on('close', onClose);
  });
}

/** Parses a JSON body as express.json did: empty is `{}`, top level an object or array. */
export function parseJsonBody(bytes: Buffer): unknown {
  if (bytes.length === 0) {
    return {};
  }
  const text = bytes.toString('utf8');
  const first = STRICT_START.exec(text)?.[1];
  if (first !== '{' && first !== '[') {
    throw notJson();
  }
  try {
    return JSON.parse(text);
  } catch {
    throw notJson();
  }
}

function notJson(): CellpipeError {
  return new CellpipeError('invalid_json', 'request body is not valid JSON');
}

function tooLarge(limit: number): PayloadTooLargeError {
  return new PayloadTooLargeError(
    `request body exceeds the limit of ${limit} bytes`
  );
}

function checkCharset(contentType: string): void {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
    throw new UnsupportedMediaTypeError(
      `unsupported charset "${charset.toUpperCase()}": send JSON as UTF-8`
    );
  }
}

/** The body as sent, or inflated through zlib (loaded only then). */
function decoded(req: IncomingMessage): Readable {
  const encoding = (req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (encoding === 'identity') {
    return req;
  }
  const zlib = process.getBuiltinModule('node:zlib');
  const inflate = {
    gzip: () => zlib.createGunzip(),
    deflate: () => zlib.createInflate(),
    br: () => zlib.createBrotliDecompress()
  }[encoding];
  if (!inflate) {
    throw new UnsupportedMediaTypeError(
      `unsupported content encoding "${encoding}"`
    );
  }
  const stream = inflate();
  // pipe() passes bytes, not failures: a client gone mid-body ends the inflater too.
  req.on('close', () => {
    if (!req.complete) {
      stream.destroy(new Error('the client went away'));
    }
  });
  req.pipe(stream);
  return stream;
}
