import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A local deployment's secret lives in `<deployment folder>/token`, mode
 * 0600: readable by the user (the next Cellpipe process, `cellpipe
 * deployment-token`) whatever the mode of `CELLPIPE_HOME` or of the store,
 * which other users of the machine may be able to read.
 */
const FILE = 'token';

/** 32 random bytes, URL-safe: a header value without escaping. */
export function writeNewToken(folder: string): string {
  const token = randomBytes(32).toString('base64url');
  const partial = join(folder, `.${FILE}.${process.pid}.partial`);
  writeFileSync(partial, token, { mode: 0o600, flag: 'wx' });
  renameSync(partial, join(folder, FILE));
  return token;
}

/** The deployment's token; null when it has none (deployed before tokens, or removed). */
export function readToken(folder: string): string | null {
  try {
    return readFileSync(join(folder, FILE), 'utf8').trim() || null;
  } catch {
    return null;
  }
}
