/**
 * The wire contract between the Cellpipe server and its clients (server side).
 *
 * The frontend keeps its own copy in `src/api/wire.ts`; `npm run check:wire`
 * (root) fails when the two drift apart. Change both files together.
 */

/** Bumped whenever a request or response shape changes incompatibly. */
export const API_VERSION = 1;

export interface IErrorBody {
  error: {
    kind: string;
    message: string;
    /** Validation problems, when the error is about a pipeline or request. */
    problems?: IProblem[];
  };
}

export interface IProblem {
  path: string;
  message: string;
  kind: string;
}

export interface IHealth {
  status: 'ok';
}

export interface IExecutorInfo {
  /** `local` or `kubernetes`. */
  name: string;
  available: boolean;
  /** Why the executor cannot be used, when it is not available. */
  reason?: string;
}

export interface IVersionInfo {
  name: 'cellpipe';
  /** The server package version (semver). */
  version: string;
  apiVersion: number;
  executors: IExecutorInfo[];
  defaultTarget: string;
}

/** Messages the server sends on the `/api/events` websocket. */
export type ServerMessage =
  | { type: 'hello'; version: string; apiVersion: number; seq: number }
  | { type: 'pong'; id?: string }
  | { type: 'error'; kind: string; message: string };

/** Messages a client sends on the `/api/events` websocket. */
export type ClientMessage = { type: 'ping'; id?: string };
