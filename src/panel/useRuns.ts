import type { IRunSummary } from '../tokens';
import { useSignal } from '../ui/useSignal';
import type { ActiveRunsModel } from './ActiveRunsModel';

export interface IRunsState {
  runs: readonly IRunSummary[];
  error: string | null;
}

/** The live run list of the active notebook (the model loads it; this only redraws). */
export function useRuns(model: ActiveRunsModel): IRunsState {
  useSignal(model.changed);
  return { runs: model.runs, error: model.error };
}
