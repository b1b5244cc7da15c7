import { readFileSync } from 'node:fs';

/**
 * Reads `version` from the package's own package.json. Both `src/version.ts`
 * and the compiled `dist/version.js` sit one directory below it, so the same
 * relative URL works before and after the build.
 */
export function readPackageVersion(): string {
  const url = new URL('../package.json', import.meta.url);
  const pkg = JSON.parse(readFileSync(url, 'utf8')) as { version?: unknown };
  if (typeof pkg.version !== 'string') {
    throw new Error(`no version in ${url.pathname}`);
  }
  return pkg.version;
}

/** The server package version, read once at import (an immutable value). */
export const VERSION: string = readPackageVersion();
