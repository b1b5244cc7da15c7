import { createHash, timingSafeEqual } from 'node:crypto';

/** The `WWW-Authenticate` challenge sent with every 401 (Jupyter's scheme). */
export const AUTH_CHALLENGE = 'token';

const HEADER_PATTERN = /^(?:token|bearer)\s+(\S+)\s*$/i;

/** Checks the shared per-launch token in constant time. */
export class TokenAuth {
  private readonly expected: Buffer;

  constructor(token: string) {
    if (token.length === 0) {
      throw new Error('the server token must not be empty');
    }
    this.expected = digest(token);
  }

  /** True when `candidate` is the token. */
  check(candidate: string | null | undefined): boolean {
    if (!candidate) {
      return false;
    }
    // Comparing fixed-size digests keeps timingSafeEqual's equal-length rule
    // from leaking the token's length.
    return timingSafeEqual(digest(candidate), this.expected);
  }

  /** True when an `Authorization: token T` or `Bearer T` header carries it. */
  checkHeader(header: string | undefined): boolean {
    return this.check(TokenAuth.tokenFromHeader(header));
  }

  static tokenFromHeader(header: string | undefined): string | undefined {
    return header ? HEADER_PATTERN.exec(header)?.[1] : undefined;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
