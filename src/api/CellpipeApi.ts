import { ApiError } from './ApiError';
import type { CellpipeClient } from './CellpipeClient';
import type {
  IArtifact,
  IClusterStatus,
  ICompileRequest,
  ICompileResult,
  ICreateDeploymentRequest,
  ICreateRunRequest,
  IDeployment,
  IDeploymentList,
  IErrorBody,
  ILogLine,
  IMoveNotebookRequest,
  IPredictResponse,
  IRunList,
  IRunComparison,
  IRunOutputs,
  IRunRecord,
  IRunSources,
  RunStatus
} from './wire';

function isErrorBody(body: unknown): body is IErrorBody {
  return typeof body === 'object' && body !== null && 'error' in body;
}

export interface IRunQuery {
  status?: RunStatus;
  notebook?: string;
  /** Words found anywhere in a run; `name=value` matches a parameter. */
  q?: string;
  limit?: number;
  offset?: number;
}

/**
 * The typed REST API. It asks for the current client on every call, so a
 * change of the server settings takes effect at once.
 */
export class CellpipeApi {
  constructor(private readonly client: () => CellpipeClient) {}

  compile(request: ICompileRequest): Promise<ICompileResult> {
    return this.call('POST', 'api/pipelines/compile', request);
  }

  createRun(request: ICreateRunRequest): Promise<IRunRecord> {
    return this.call('POST', 'api/runs', request);
  }

  listRuns(query: IRunQuery = {}): Promise<IRunList> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) {
        params.set(key, String(value));
      }
    }
    const qs = params.toString();
    return this.call('GET', `api/runs${qs ? `?${qs}` : ''}`);
  }

  getRun(id: string): Promise<IRunRecord> {
    return this.call('GET', `api/runs/${encodeURIComponent(id)}`);
  }

  cancelRun(id: string): Promise<IRunRecord> {
    return this.call('POST', `api/runs/${encodeURIComponent(id)}/cancel`, {});
  }

  resumeRun(id: string, notebook?: unknown): Promise<IRunRecord> {
    return this.call(
      'POST',
      `api/runs/${encodeURIComponent(id)}/resume`,
      notebook === undefined ? {} : { notebook }
    );
  }

  deleteRun(id: string): Promise<void> {
    return this.call('DELETE', `api/runs/${encodeURIComponent(id)}`);
  }

  renameRun(id: string, title: string): Promise<IRunRecord> {
    return this.call('PATCH', `api/runs/${encodeURIComponent(id)}`, { title });
  }

  /** What each cell of the run showed (stream chunks joined), with the seq it is current to. */
  getOutputs(id: string): Promise<IRunOutputs> {
    return this.call('GET', `api/runs/${encodeURIComponent(id)}/outputs`);
  }

  /** Two or more runs side by side (parameters, metrics, steps). */
  compareRuns(ids: readonly string[]): Promise<IRunComparison> {
    const list = ids.map(encodeURIComponent).join(',');
    return this.call('GET', `api/runs/compare?ids=${list}`);
  }

  /** Each code cell's source as the run received it, by cell id. */
  getRunSources(id: string): Promise<IRunSources> {
    return this.call('GET', `api/runs/${encodeURIComponent(id)}/sources`);
  }

  /** The runs of a renamed or moved notebook (or folder) follow it. */
  moveNotebookRuns(request: IMoveNotebookRequest): Promise<{ moved: number }> {
    return this.call('POST', 'api/runs/move-notebook', request);
  }

  getLogs(
    runId: string,
    step: string,
    after = 0
  ): Promise<{ lines: ILogLine[]; status: string }> {
    return this.call(
      'GET',
      `api/runs/${encodeURIComponent(runId)}/steps/${encodeURIComponent(step)}/logs?after=${after}`
    );
  }

  listArtifacts(runId: string): Promise<IArtifact[]> {
    return this.call('GET', `api/runs/${encodeURIComponent(runId)}/artifacts`);
  }

  /** What the Kubernetes target would run against: reachable, permissions, claim. */
  getCluster(): Promise<IClusterStatus> {
    return this.call('GET', 'api/cluster');
  }

  /** Every deployment (or those of one run), newest first, with the seq to follow from. */
  listDeployments(runId?: string): Promise<IDeploymentList> {
    const qs = runId ? `?runId=${encodeURIComponent(runId)}` : '';
    return this.call('GET', `api/deployments${qs}`);
  }

  /** Serves a model artifact; 400 `not_a_model`, 404, 409 `conflict` come back as ApiError. */
  createDeployment(request: ICreateDeploymentRequest): Promise<IDeployment> {
    return this.call('POST', 'api/deployments', request);
  }

  getDeployment(name: string): Promise<IDeployment> {
    return this.call('GET', `api/deployments/${encodeURIComponent(name)}`);
  }

  deleteDeployment(name: string): Promise<void> {
    return this.call('DELETE', `api/deployments/${encodeURIComponent(name)}`);
  }

  /**
   * Sends `body` (the protocol's own JSON) to the deployment's endpoint
   * through the server; resolves with the endpoint's answer, whatever its
   * status. 409 `not_ready` and 502 `endpoint_unreachable` are ApiErrors.
   */
  predict(
    name: string,
    protocol: 'v1' | 'v2',
    body: unknown
  ): Promise<IPredictResponse> {
    return this.call(
      'POST',
      `api/deployments/${encodeURIComponent(name)}/predict?protocol=${protocol}`,
      body
    );
  }

  /** The artifact's bytes (fetched with the same auth as every call). */
  async downloadArtifact(runId: string, artifact: IArtifact): Promise<Blob> {
    const path = `api/runs/${encodeURIComponent(runId)}/artifacts/${encodeURIComponent(artifact.step)}/${encodeURIComponent(artifact.name)}`;
    const response = await this.client().fetchRaw(path);
    if (!response.ok) {
      throw new ApiError(
        response.status,
        'download_failed',
        `downloading ${artifact.name} failed (HTTP ${response.status})`
      );
    }
    return response.blob();
  }

  private async call<T>(
    method: string,
    path: string,
    body?: unknown
  ): Promise<T> {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { 'Content-Type': 'application/json' };
    }
    const response = await this.client().request(path, init);
    if (response.status >= 200 && response.status < 300) {
      return response.body as T;
    }
    if (isErrorBody(response.body)) {
      const { kind, message, problems } = response.body.error;
      throw new ApiError(response.status, kind, message, problems);
    }
    throw new ApiError(
      response.status,
      'http_error',
      `the Cellpipe server answered HTTP ${response.status}`
    );
  }
}
