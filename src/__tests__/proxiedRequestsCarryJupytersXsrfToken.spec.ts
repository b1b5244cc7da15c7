import { ServerConnection } from '@jupyterlab/services';

import { CellpipeClient } from '../api/CellpipeClient';

/**
 * Behind Jupyter, the server refuses a state-changing request whose
 * X-XSRFToken does not repeat Jupyter's _xsrf cookie (issue 16): the client
 * sends it as ServerConnection does, and only there.
 */
describe('requests through Jupyter carry its XSRF token', () => {
  const seen: Request[] = [];
  const fetchSpy = (async (request: Request) => {
    seen.push(request);
    return new Response('{}', { status: 200 });
  }) as unknown as typeof fetch;

  beforeEach(() => {
    seen.length = 0;
    document.cookie = '_xsrf=2|a1b2c3d4|0011223344|1700000000';
  });

  it('a proxied POST repeats the _xsrf cookie in X-XSRFToken', async () => {
    const client = new CellpipeClient({
      serverUrl: '',
      serverToken: '',
      jupyter: ServerConnection.makeSettings({
        baseUrl: 'http://127.0.0.1:8888/',
        fetch: fetchSpy,
        Request,
        Headers
      })
    });
    await client.request('api/runs/r-1/cancel', { method: 'POST' });
    expect(seen[0].url).toMatch(
      /^http:\/\/127\.0\.0\.1:8888\/cellpipe\/api\/runs\/r-1\/cancel\b/
    );
    expect(seen[0].headers.get('X-XSRFToken')).toBe(
      '2|a1b2c3d4|0011223344|1700000000'
    );
  });

  it("a standalone server gets its own token and not Jupyter's cookie value", async () => {
    const original = global.fetch;
    global.fetch = jest.fn(
      async () => new Response('{}')
    ) as unknown as typeof fetch;
    try {
      const client = new CellpipeClient({
        serverUrl: 'http://127.0.0.1:8765',
        serverToken: 'standalone-token'
      });
      await client.request('api/runs', { method: 'POST' });
      const [, init] = (global.fetch as jest.Mock).mock.calls[0] as [
        string,
        RequestInit
      ];
      const headers = init.headers as Record<string, string>;
      expect(headers.Authorization).toBe('token standalone-token');
      expect(headers['X-XSRFToken']).toBeUndefined();
    } finally {
      global.fetch = original;
    }
  });
});
