import { createWriteStream, readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';

import type { Logger } from 'pino';

import { ValidationError } from '../../errors.js';
import type { IArtifactStore } from '../../store/ArtifactStore.js';
import { linkOrCopyInside } from '../../store/safeFiles.js';
import type {
  DeployOptions,
  IDeploymentRecordForTarget,
  IDeploymentState,
  IDeploySource,
  IDeployTarget,
  IEndpointAnswer,
  ReportState
} from '../DeployTarget.js';
import { EndpointClient } from './EndpointClient.js';
import {
  type IModelServerHandle,
  processAlive,
  stopModelServer
} from './ModelServerProcess.js';
import {
  ModelServerSupervisor,
  type SupervisorEvent
} from './ModelServerSupervisor.js';
import { readToken, writeNewToken } from './deploymentToken.js';

export interface ILocalDeployOptions {
  python: string | Promise<string>;
  /** `server/runtime/model_server.py`. */
  script: string;
  /** `$CELLPIPE_HOME/deployments`: one folder per deployment (model copy and log). */
  root: string;
  /** Where models are copied from; default `artifacts` beside `root`. */
  artifactsRoot?: string;
  /** The runs' artifact store: models in a bucket are downloaded from it. */
  artifacts?: IArtifactStore;
  logger: Logger;
  /** False when the deployment was undeployed elsewhere (by the CLI): then it is not restarted. */
  stillWanted: (name: string) => boolean;
  checkEveryMs?: number;
}

/** Options that only mean something on a cluster. */
const CLUSTER_ONLY = [
  'minReplicas',
  'maxReplicas',
  'canaryTrafficPercent',
  'image',
  'resources'
] as const;

interface ILocalHandle {
  pid: number;
  port: number;
}

/**
 * Serves a model from a model-server process on 127.0.0.1. The artifact is
 * linked (or copied) into the deployment's own folder, so deleting the run
 * does not pull the model from under a live endpoint. The process outlives
 * whoever started it (`cellpipe deploy`, a server restart) and is adopted by
 * the next Cellpipe process; while one runs, it is restarted when it dies.
 */
export class LocalDeployTarget implements IDeployTarget {
  readonly name = 'local';
  readonly initialKind = 'process';
  /** It serves a copy of the model beside the deployment. */
  readonly servesRunFiles = false;
  private readonly supervisors = new Map<string, ModelServerSupervisor>();
  private readonly endpoints = new EndpointClient();

  constructor(private readonly options: ILocalDeployOptions) {}

  async deploy(
    name: string,
    source: IDeploySource,
    options: DeployOptions,
    report: ReportState
  ): Promise<IDeploymentState> {
    const given = CLUSTER_ONLY.filter(key => options[key] !== undefined);
    if (given.length > 0) {
      throw new ValidationError(
        `${given.join(', ')} only apply to the kubernetes target`
      );
    }
    const modelDir = await this.placeModel(name, source);
    // The model server answers only requests that carry it (the proxy's).
    const token = writeNewToken(this.folder(name));
    return this.supervise(name, modelDir, 0, undefined, token, report);
  }

  async resume(
    record: IDeploymentRecordForTarget,
    report: ReportState
  ): Promise<void> {
    if (this.supervisors.has(record.name) || record.state.status === 'failed') {
      return;
    }
    const handle = record.state.handle as ILocalHandle | undefined;
    const running = handle && isModelServer(handle.pid, record.name);
    const folder = this.folder(record.name);
    let token = readToken(folder);
    if (!token) {
      // Started before deployments had tokens, it answers anyone: replace it.
      if (running) {
        await stopModelServer(handle.pid);
      }
      token = writeNewToken(folder);
    }
    const adopt =
      running && processAlive(handle.pid)
        ? { ...handle, url: record.state.url ?? '' }
        : undefined;
    const state = await this.supervise(
      record.name,
      this.modelDir(record.name),
      handle?.port ?? 0,
      adopt,
      token,
      report
    );
    report(record.name, state);
  }

  async undeploy(record: IDeploymentRecordForTarget): Promise<void> {
    const supervisor = this.supervisors.get(record.name);
    this.supervisors.delete(record.name);
    if (supervisor) {
      await supervisor.stop();
    }
    const handle = record.state.handle as ILocalHandle | undefined;
    if (handle && isModelServer(handle.pid, record.name)) {
      await stopModelServer(handle.pid);
    }
    await rm(this.folder(record.name), { recursive: true, force: true });
  }

  forward(
    record: IDeploymentRecordForTarget,
    path: string,
    body: unknown,
    signal: AbortSignal
  ): Promise<IEndpointAnswer> {
    return this.endpoints.postJson(
      `${record.state.url}${path}`,
      body,
      signal,
      readToken(this.folder(record.name)) ?? undefined
    );
  }

  /** Read per request (forward too): a few microseconds, and always the current one. */
  endpointToken(record: IDeploymentRecordForTarget): Promise<string | null> {
    return Promise.resolve(readToken(this.folder(record.name)));
  }

  /** Leaves the model servers running: the next Cellpipe process adopts them. */
  stop(): Promise<void> {
    for (const supervisor of this.supervisors.values()) {
      supervisor.detach();
    }
    this.supervisors.clear();
    this.endpoints.stop();
    return Promise.resolve();
  }

  private async supervise(
    name: string,
    modelDir: string,
    port: number,
    adopt: (ILocalHandle & { url: string }) | undefined,
    token: string,
    report: ReportState
  ): Promise<IDeploymentState> {
    const python = await this.options.python;
    const supervisor = new ModelServerSupervisor(
      {
        python,
        script: this.options.script,
        modelDir,
        name,
        port,
        logFile: join(this.folder(name), 'server.log'),
        token
      },
      event => this.onEvent(name, event, report),
      {
        checkEveryMs: this.options.checkEveryMs,
        stillWanted: () => this.stillWanted(name)
      }
    );
    try {
      const started = await supervisor.start(adopt);
      this.supervisors.set(name, supervisor);
      return {
        ...this.readyState(started, 0),
        inputs: await this.endpoints.modelInputs(started.url, name, token)
      };
    } catch (err) {
      return {
        kind: 'process',
        status: 'failed',
        reason: (err as Error).message,
        url: null
      };
    }
  }

  /** Undeployed by another process: stand down, and pick it up if it comes back. */
  private stillWanted(name: string): boolean {
    const wanted = this.options.stillWanted(name);
    if (!wanted) {
      this.supervisors.delete(name);
    }
    return wanted;
  }

  private onEvent(name: string, event: SupervisorEvent, report: ReportState) {
    if (event.type === 'ready' && event.restarts > 0) {
      report(name, this.readyState(event.handle, event.restarts));
    } else if (event.type === 'died') {
      report(name, {
        status: 'unready',
        reason: `the model server (pid ${event.pid}) died; starting it again`
      });
    } else if (event.type === 'failed') {
      this.supervisors.delete(name);
      report(name, {
        status: 'failed',
        reason: `the model server gave up: ${event.reason}`,
        restarts: event.restarts
      });
    }
  }

  private readyState(
    { pid, port, url }: IModelServerHandle,
    restarts: number
  ): IDeploymentState {
    return {
      kind: 'process',
      status: 'ready',
      reason: null,
      url,
      restarts,
      handle: { pid, port }
    };
  }

  /** Hard links when the filesystem allows (no bytes copied), copies otherwise. */
  private async placeModel(
    name: string,
    source: IDeploySource
  ): Promise<string> {
    const dir = this.modelDir(name);
    await rm(this.folder(name), { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const data = source.artifact.path;
    if (data.startsWith('s3://') && this.options.artifacts) {
      await this.download(source, dir, this.options.artifacts);
      return dir;
    }
    const sidecar = join(dirname(data), `${source.artifact.name}.json`);
    // Only a regular file inside the artifact tree is served: a step that
    // replaced its model by a link cannot publish the server's files.
    const artifacts =
      this.options.artifactsRoot ??
      join(dirname(this.options.root), 'artifacts');
    for (const file of [data, sidecar]) {
      await linkOrCopyInside(file, join(dir, basename(file)), artifacts);
    }
    return dir;
  }

  /** A model in a bucket: its object and sidecar, streamed into the model folder. */
  private async download(
    source: IDeploySource,
    dir: string,
    artifacts: IArtifactStore
  ): Promise<void> {
    const { artifact, runId } = source;
    for (const location of [
      artifact.path,
      `${artifacts.prefixOf(artifact)}.json`
    ]) {
      const { body } = await artifacts.read(runId, location);
      await pipeline(body, createWriteStream(join(dir, basename(location))));
    }
  }

  private folder(name: string): string {
    return join(this.options.root, name);
  }

  private modelDir(name: string): string {
    return join(this.folder(name), 'model');
  }
}

/** The pid is still our model server for this deployment (pids are reused). */
function isModelServer(pid: number, name: string): boolean {
  if (!processAlive(pid)) {
    return false;
  }
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return (
      args.some(a => a.endsWith('model_server.py')) &&
      args[args.indexOf('--name') + 1] === name
    );
  } catch {
    // No /proc (macOS): trust the pid.
    return true;
  }
}
