import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import { HandshakeOutcome } from './handshake';

export interface ICellpipeClientOptions {
  /** Empty: reach the server through Jupyter's proxy at `<base_url>cellpipe/`. */
  serverUrl: string;
  /** Token of a standalone server (`cellpipe serve --token`); unused behind Jupyter. */
  serverToken: string;
  /** Jupyter's connection settings (base URL, token, XSRF handling). */
  jupyter?: ServerConnection.ISettings;
}

/** Path of the server behind jupyter-server-proxy, relative to Jupyter's base URL. */
export const PROXY_PATH = 'cellpipe/';

/**
 * The only place that knows the server's URLs and how to authenticate.
 * Behind Jupyter, requests go through `ServerConnection` so Jupyter's own
 * authentication applies; the proxy then adds the server's secret.
 */
export class CellpipeClient {
  constructor(options: ICellpipeClientOptions) {
    this._jupyter = options.jupyter ?? ServerConnection.makeSettings();
    this._serverUrl = options.serverUrl.trim();
    this._serverToken = options.serverToken;
  }

  /** True when the server is reached through Jupyter rather than directly. */
  get proxied(): boolean {
    return this._serverUrl === '';
  }

  /** Base HTTP URL of the server, ending in `/`. */
  get baseUrl(): string {
    if (this.proxied) {
      return URLExt.join(this._jupyter.baseUrl, PROXY_PATH);
    }
    return this._serverUrl.endsWith('/')
      ? this._serverUrl
      : `${this._serverUrl}/`;
  }

  /** URL of the events websocket, with the credentials a browser socket can carry. */
  get eventsUrl(): string {
    if (this.proxied) {
      const url = URLExt.join(this._jupyter.wsUrl, PROXY_PATH, 'api/events');
      const token = this._jupyter.token;
      return token ? `${url}?token=${encodeURIComponent(token)}` : url;
    }
    const url = URLExt.join(this.baseUrl.replace(/^http/, 'ws'), 'api/events');
    return `${url}?token=${encodeURIComponent(this._serverToken)}`;
  }

  /** Sends a request with the right credentials; the raw response. */
  fetchRaw(path: string, init: RequestInit = {}): Promise<Response> {
    const url = URLExt.join(this.baseUrl, path);
    if (this.proxied) {
      return ServerConnection.makeRequest(url, init, this._jupyter);
    }
    return fetch(url, {
      ...init,
      headers: {
        ...(init.headers as Record<string, string> | undefined),
        Authorization: `token ${this._serverToken}`
      }
    });
  }

  /** Sends a request; resolves with the status and parsed JSON body. */
  async request(path: string, init: RequestInit = {}): Promise<IJsonResponse> {
    const response = await this.fetchRaw(path, init);
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON (a proxy error page, say): keep the text for the message.
    }
    return { status: response.status, body };
  }

  /** `GET api/version`, with network failures turned into data. */
  async handshake(): Promise<HandshakeOutcome> {
    try {
      const { status, body } = await this.request('api/version');
      return { kind: 'response', status, body };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { kind: 'network-error', message };
    }
  }

  private readonly _jupyter: ServerConnection.ISettings;
  private readonly _serverUrl: string;
  private readonly _serverToken: string;
}

export interface IJsonResponse {
  status: number;
  body: unknown;
}
