import { expect, test as galataTest } from '@jupyterlab/galata';
import type { APIRequestContext } from '@playwright/test';

/** Jupyter's base URL path without the trailing slash: '' or e.g. '/user/alice'. */
const BASE_PATH = `/${process.env.CELLPIPE_UI_BASE_URL ?? ''}`
  .replace(/\/+/g, '/')
  .replace(/\/$/, '');

const METHODS = new Set([
  'fetch',
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'head'
]);

/**
 * Galata's own fixtures (the per-test folder, `tmpPath`) call the contents API
 * at `/api/...` through `request`, which ignores Jupyter's base URL; under
 * JupyterHub's `/user/alice/` that misses the server. This `request` puts the
 * base URL in front of such absolute paths, so the same tests run under one.
 */
function underBaseUrl(request: APIRequestContext): APIRequestContext {
  if (!BASE_PATH) {
    return request;
  }
  const rebase = (url: unknown) =>
    typeof url === 'string' &&
    url.startsWith('/') &&
    !url.startsWith(`${BASE_PATH}/`)
      ? `${BASE_PATH}${url}`
      : url;
  return new Proxy(request, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof name === 'string' && METHODS.has(name)) {
        return (url: unknown, ...rest: unknown[]) =>
          (value as (...args: unknown[]) => unknown).call(
            target,
            rebase(url),
            ...rest
          );
      }
      return typeof value === 'function' ? value.bind(target) : value;
    }
  });
}

export const test = galataTest.extend({
  request: async ({ request }, use) => {
    await use(underBaseUrl(request));
  }
});

export { expect };
