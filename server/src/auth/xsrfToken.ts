import { timingSafeEqual } from 'node:crypto';

/** Jupyter's (Tornado's) XSRF cookie, and where a request repeats its value. */
export const XSRF_COOKIE = '_xsrf';
export const XSRF_HEADERS = ['x-xsrftoken', 'x-csrftoken'] as const;
export const XSRF_ARGUMENT = '_xsrf';

const VERSIONED = /^([1-9][0-9]*)\|/;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/**
 * The token inside an XSRF value, decoded as Tornado's `_decode_xsrf_token`
 * does: version 2 is `2|mask|masked|timestamp` (the token XORed with a
 * random 4-byte mask, so each page carries different bytes); version 1 is
 * the token in hex, or raw. Undefined when the value is malformed.
 */
export function decodeXsrfToken(value: string): Buffer | undefined {
  const versioned = VERSIONED.exec(value);
  if (!versioned) {
    return HEX.test(value) && value.length > 0
      ? Buffer.from(value, 'hex')
      : Buffer.from(value, 'utf8');
  }
  const parts = value.split('|');
  if (versioned[1] !== '2' || parts.length !== 4) {
    return undefined;
  }
  const [, maskHex, maskedHex, timestamp] = parts;
  if (
    !HEX.test(maskHex) ||
    maskHex.length !== 8 ||
    !HEX.test(maskedHex) ||
    !/^-?\d+$/.test(timestamp)
  ) {
    return undefined;
  }
  const mask = Buffer.from(maskHex, 'hex');
  const masked = Buffer.from(maskedHex, 'hex');
  return Buffer.from(masked.map((byte, i) => byte ^ mask[i % 4]));
}

/** True when both values hold the same non-empty token (compared in constant time). */
export function sameXsrfToken(
  cookie: string | undefined,
  submitted: string | undefined
): boolean {
  if (!cookie || !submitted) {
    return false;
  }
  const expected = decodeXsrfToken(cookie);
  const given = decodeXsrfToken(submitted);
  return (
    expected !== undefined &&
    given !== undefined &&
    expected.length > 0 &&
    expected.length === given.length &&
    timingSafeEqual(expected, given)
  );
}

/**
 * One cookie's value from a `Cookie` header. The last one wins, as in
 * Tornado's parser (and in ServerConnection, which reads the last too).
 */
export function cookieValue(
  header: string | undefined,
  name: string
): string | undefined {
  let found: string | undefined;
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      found = unquote(part.slice(eq + 1).trim());
    }
  }
  return found;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
    ? value.slice(1, -1)
    : value;
}
