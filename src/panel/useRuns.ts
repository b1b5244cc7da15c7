import * as React from 'react';

import type { CellpipeApi } from '../api/CellpipeApi';
import type { EventSocket } from '../api/EventSocket';
import type { IRunSummary } from '../api/wire';
import { RunsModel } from '../pipelines/RunsModel';
import { useSignal } from '../ui/useSignal';

export interface IRunsState {
  runs: readonly IRunSummary[];
  error: string | null;
}

/** The live run list of one notebook, loaded again once the server is reachable. */
export function useRuns(
  api: CellpipeApi,
  socket: EventSocket,
  path: string,
  connected: boolean
): IRunsState {
  const [model, setModel] = React.useState<RunsModel | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  React.useEffect(() => {
    if (!connected) {
      return;
    }
    const runs = new RunsModel(api, socket, path, 20);
    setModel(runs);
    setError(null);
    runs.load().catch(err => {
      setError(`Runs unavailable: ${err instanceof Error ? err.message : err}`);
    });
    return () => runs.dispose();
  }, [api, socket, path, connected]);
  useSignal(model?.changed ?? null);
  return { runs: model?.runs ?? [], error };
}
