import { Token } from '@lumino/coreutils';
import type { IDisposable } from '@lumino/disposable';
import type { ISignal } from '@lumino/signaling';

import type { IRunQuery } from './api/CellpipeApi';
import type { IChannelEvent, SocketState } from './api/EventSocket';
import type { ConnectionState } from './api/handshake';
import type {
  Channel,
  IArtifact,
  IClusterStatus,
  ICompileRequest,
  ICompileResult,
  ICreateDeploymentRequest,
  ICreateRunRequest,
  IDeployment,
  IDeploymentList,
  IEventEnvelope,
  ILogLine,
  IMoveNotebookRequest,
  IPredictResponse,
  IRunList,
  IRunComparison,
  IRunOutputs,
  IRunSources,
  IRunRecord
} from './api/wire';

/*
 * The public face of Cellpipe's frontend: what another JupyterLab extension
 * may require (`ICellpipe`), the ids of the commands it may execute
 * (`CommandIDs`), and the records the server speaks (re-exported from the
 * wire contract). Cellpipe's own feature plugins use nothing else of the
 * server connection either.
 */

export { ApiError } from './api/ApiError';
export type * from './api/wire';
export type { ConnectionState, IChannelEvent, IRunQuery, SocketState };

/** The plugin whose settings (`schema/core.json`) hold the user's Cellpipe settings. */
export const CORE_PLUGIN_ID = 'cellpipe:core';

export namespace ICellpipe {
  /** The connection to the Cellpipe server: the version handshake and the events socket. */
  export interface IConnection {
    readonly state: ConnectionState;
    readonly socketState: SocketState;
    /** Emits whenever `state` or `socketState` changes. */
    readonly changed: ISignal<unknown, void>;
    /** Runs the handshake again; the socket opens when the server is compatible. */
    refresh(): Promise<void>;
  }

  /**
   * The server's REST API (see docs/engine.md). Every call goes to the
   * server the settings name at the time of the call; a refusal rejects
   * with an `ApiError` (its `kind`, and `problems` for a pipeline).
   */
  export interface IApi {
    compile(request: ICompileRequest): Promise<ICompileResult>;
    /** Starts a run of a notebook (its nbformat JSON and, ideally, its path). */
    createRun(request: ICreateRunRequest): Promise<IRunRecord>;
    listRuns(query?: IRunQuery): Promise<IRunList>;
    getRun(id: string): Promise<IRunRecord>;
    cancelRun(id: string): Promise<IRunRecord>;
    /** A new run reusing what did not change; `notebook`: a newer snapshot. */
    resumeRun(id: string, notebook?: unknown): Promise<IRunRecord>;
    deleteRun(id: string): Promise<void>;
    /** Gives a run its own name (shown in lists and tab titles). */
    renameRun(id: string, title: string): Promise<IRunRecord>;
    /** Every cell's outputs in the run, with the seq to follow `step.output` events from. */
    getOutputs(id: string): Promise<IRunOutputs>;
    /** Each code cell's source as the run received it, by cell id. */
    getRunSources(id: string): Promise<IRunSources>;
    /** Two or more runs side by side (parameters, metrics, steps). */
    compareRuns(ids: readonly string[]): Promise<IRunComparison>;
    /** The runs of a renamed or moved notebook (or folder) follow it. */
    moveNotebookRuns(request: IMoveNotebookRequest): Promise<{ moved: number }>;
    getLogs(
      runId: string,
      step: string,
      after?: number
    ): Promise<{ lines: ILogLine[]; status: string }>;
    listArtifacts(runId: string): Promise<IArtifact[]>;
    downloadArtifact(runId: string, artifact: IArtifact): Promise<Blob>;
    getCluster(): Promise<IClusterStatus>;
    listDeployments(runId?: string): Promise<IDeploymentList>;
    createDeployment(request: ICreateDeploymentRequest): Promise<IDeployment>;
    getDeployment(name: string): Promise<IDeployment>;
    deleteDeployment(name: string): Promise<void>;
    predict(
      name: string,
      protocol: 'v1' | 'v2',
      body: unknown
    ): Promise<IPredictResponse>;
  }

  /**
   * The events socket, shared by every view: it resubscribes from the last
   * seq seen after a dropped connection, so nothing is missed. Each
   * `subscribe` is matched by one `unsubscribe` (subscriptions are counted).
   */
  export interface IEvents {
    /** Every event of every channel followed, in order per channel. */
    readonly event: ISignal<unknown, IChannelEvent>;
    /** Follows `channel`; with `since`, the server first replays what came after it. */
    subscribe(channel: Channel, since?: number): void;
    unsubscribe(channel: Channel): void;
  }
}

/**
 * Cellpipe's connection to its server, for other extensions: read and start
 * runs (`api.listRuns`, `api.getRun`, `api.createRun`), follow their events
 * live (`follow`), and know whether the server is there (`connection`).
 */
export interface ICellpipe {
  readonly connection: ICellpipe.IConnection;
  readonly api: ICellpipe.IApi;
  readonly events: ICellpipe.IEvents;
  /**
   * Calls `listener` with each event of `channel` (`runs`, `run:<id>`,
   * `deployments`) until the returned disposable is disposed; with `since`,
   * the events after that seq come first (e.g. a run record's `seq`).
   */
  follow(
    channel: Channel,
    listener: (envelope: IEventEnvelope) => void,
    since?: number
  ): IDisposable;
}

export const ICellpipe = new Token<ICellpipe>(
  'cellpipe:ICellpipe',
  'Cellpipe: the runs of notebook pipelines, their live events, and the connection to the Cellpipe server.'
);

/**
 * Every Cellpipe command id (`cellpipe:<verb>-<noun>`), so the menus and
 * toolbars in `schema/`, the UI tests and the code agree. Other extensions
 * may execute them.
 */
export const CommandIDs = {
  openPanel: 'cellpipe:open-panel',
  /** The active notebook's pipeline graph as a main-area tab. */
  openGraph: 'cellpipe:open-graph',
  reconnectServer: 'cellpipe:reconnect-server',
  refreshCluster: 'cellpipe:refresh-cluster',
  makeStep: 'cellpipe:make-step',
  joinStepAbove: 'cellpipe:join-step-above',
  setStepDependencies: 'cellpipe:set-step-dependencies',
  toggleSkip: 'cellpipe:toggle-skip',
  toggleImports: 'cellpipe:toggle-imports',
  toggleParameters: 'cellpipe:toggle-parameters',
  toggleMetrics: 'cellpipe:toggle-metrics',
  removeFromPipeline: 'cellpipe:remove-from-pipeline',
  /** Args: optional `path` (notebook; default: the active one), `toolbar`. */
  runPipeline: 'cellpipe:run-pipeline',
  cancelRun: 'cellpipe:cancel-run',
  resumeRun: 'cellpipe:resume-run',
  rerunPipeline: 'cellpipe:rerun-pipeline',
  /**
   * Opens one run in the main area. Args: `runId`, optional `ref` (a widget
   * id to split beside), `notebookPath` (a new run of it: the tab following
   * that notebook shows it), `pinned`.
   */
  openRun: 'cellpipe:open-run',
  /** Args: optional `runId` (default: the current run tab). Toggles whether its tab stays on the run. */
  pinRun: 'cellpipe:pin-run',
  deleteRun: 'cellpipe:delete-run',
  /** Args: `runIds` (two or more). Opens them side by side in the main area. */
  compareRuns: 'cellpipe:compare-runs',
  /** Args: `runId`, optional `title` (asked when absent), `current` (the name to edit). */
  renameRun: 'cellpipe:rename-run',
  /** Args: optional `path` (notebook), `runId`, `step`, `artifact` (preselected). */
  deployModel: 'cellpipe:deploy-model',
  /** Args: `name`. Asks first. */
  undeployModel: 'cellpipe:undeploy-model',
  /** Args: `name`, `protocol` (`v1`|`v2`), `body` (the JSON text); returns a TestOutcome. */
  sendTestRequest: 'cellpipe:send-test-request'
} as const;
