import { interpretHandshake } from '../api/handshake';
import { API_VERSION, IVersionInfo } from '../api/wire';

const info: IVersionInfo = {
  name: 'cellpipe',
  version: '0.1.0',
  apiVersion: API_VERSION,
  executors: [{ name: 'local', available: true }],
  defaultTarget: 'local',
  deployTargets: ['local', 'kubernetes'],
  runtime: { node: '24.19.0', serverDir: '/srv/cellpipe', entry: '/srv/x.mjs' }
};
const server = 'http://localhost:8888/cellpipe/';

describe('reading the version handshake', () => {
  it('is connected when the server speaks our API version', () => {
    const state = interpretHandshake(
      { kind: 'response', status: 200, body: info },
      server,
      true
    );
    expect(state).toEqual({ status: 'connected', server, info });
  });

  it('is incompatible, naming both versions, when the API differs', () => {
    const other = { ...info, version: '9.0.0', apiVersion: API_VERSION + 1 };
    const state = interpretHandshake(
      { kind: 'response', status: 200, body: other },
      server,
      true
    );
    expect(state.status).toBe('incompatible');
    expect(state.status === 'incompatible' && state.message).toContain(
      `API v${API_VERSION + 1}`
    );
  });

  it.each([
    [404, true, 'install the Python package "cellpipe"'],
    [404, false, '"serverUrl" setting'],
    [401, false, '"serverToken" setting'],
    [403, true, 'reload the page'],
    [502, true, 'did not start or crashed']
  ])('explains HTTP %p (proxied: %p) with %p', (status, proxied, text) => {
    const state = interpretHandshake(
      { kind: 'response', status, body: null },
      server,
      proxied
    );
    expect(state.status).toBe('unreachable');
    expect(state.status === 'unreachable' && state.message).toContain(text);
  });

  it('says so when something else answers', () => {
    const state = interpretHandshake(
      { kind: 'response', status: 200, body: '<html>' },
      server,
      true
    );
    expect(state.status === 'unreachable' && state.message).toContain(
      'not a Cellpipe server'
    );
  });

  it('turns a network failure into a message, not an exception', () => {
    const state = interpretHandshake(
      { kind: 'network-error', message: 'Failed to fetch' },
      server,
      false
    );
    expect(state).toEqual({
      status: 'unreachable',
      server,
      message: `Cannot reach the Cellpipe server at ${server}: Failed to fetch`
    });
  });
});
