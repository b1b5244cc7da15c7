import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The `WWW-Authenticate` challenge sent with every 401 (Jupyter's scheme). */
export const AUTH_CHALLENGE = 'token';

const HEADER_PATTERN = /^(?:token|bearer)\s+(\S+)\s*$/i;

/**
 * The header jupyter-server-proxy adds (`cellpipe/proxy.py`). Not
 * `Authorization`: that one is left as the browser or script sent it, so the
 * server can tell a request Jupyter authenticated by token (no cross-site
 * risk) from one it authenticated by cookie.
 */
export const PROXY_TOKEN_HEADER = 'x-cellpipe-proxy-token';

/** How a request proved it may talk to the server. */
export type Credential =
  /** The client itself sent the token (standalone server, CLI). */
  | 'client-token'
  /** Jupyter's proxy vouched for it: the browser's Jupyter login. */
  | 'jupyter-proxy';

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

  /** Which credential the request headers carry, if any is valid. */
  credentialOf(headers: IncomingHttpHeaders): Credential | undefined {
    if (this.checkHeader(headers.authorization)) {
      return 'client-token';
    }
    const proxied = headers[PROXY_TOKEN_HEADER];
    if (typeof proxied === 'string' && this.check(proxied.trim())) {
      return 'jupyter-proxy';
    }
    return undefined;
  }

  static tokenFromHeader(header: string | undefined): string | undefined {
    return header ? HEADER_PATTERN.exec(header)?.[1] : undefined;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
