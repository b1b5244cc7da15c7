import * as React from 'react';

import type { IRunRecord } from '../tokens';
import { IMetricPoint, metricHistory } from './metricsChart';

/** How many recent runs of the notebook the metric charts cover. */
export const HISTORY_RUNS = 10;

export interface IRunHistory {
  history: ReadonlyMap<string, IMetricPoint[]>;
  error: string | null;
}

/**
 * Each metric across the latest runs of the run's notebook; the run itself
 * is taken live, so its point moves as its metrics arrive. Loaded again
 * when the run ends.
 */
export function useRunHistory(
  run: IRunRecord | null,
  load: (notebookPath: string, limit: number) => Promise<IRunRecord[]>
): IRunHistory {
  const [others, setOthers] = React.useState<IRunRecord[]>([]);
  const [error, setError] = React.useState<string | null>(null);
  const path = run?.notebookPath ?? null;
  const status = run?.status;
  React.useEffect(() => {
    if (path === null) {
      return;
    }
    let live = true;
    load(path, HISTORY_RUNS)
      .then(runs => live && setOthers(runs))
      .catch(
        err =>
          live && setError(err instanceof Error ? err.message : String(err))
      );
    return () => {
      live = false;
    };
  }, [path, status, load]);
  const history = React.useMemo(() => {
    if (!run) {
      return new Map<string, IMetricPoint[]>();
    }
    const rest = others.filter(r => r.id !== run.id);
    const all = [...rest, run].sort((a, b) =>
      a.createdAt.localeCompare(b.createdAt)
    );
    return metricHistory(all.slice(-HISTORY_RUNS));
  }, [others, run]);
  return { history, error };
}
