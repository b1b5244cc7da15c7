import type { IArtifact, IRunSummary } from '../tokens';

/** The format the harness saves a value in exactly when it has fit() and predict(). */
export const MODEL_FORMAT = 'joblib';

export function isModelArtifact(artifact: Pick<IArtifact, 'format'>): boolean {
  return artifact.format === MODEL_FORMAT;
}

/** A run and what its steps stored. */
export interface IRunArtifacts {
  run: Pick<
    IRunSummary,
    'id' | 'name' | 'status' | 'notebookPath' | 'createdAt'
  >;
  artifacts: readonly IArtifact[];
}

/** An artifact named by its run, step and name (the deploy command's arguments). */
export interface IArtifactRef {
  runId: string;
  step: string;
  artifact: string;
}

/** A model the deploy dialog offers. */
export interface IModelChoice extends IArtifactRef {
  key: string;
  model: IArtifact;
  runName: string;
  notebookPath: string | null;
  createdAt: string;
}

export function choiceKey(ref: IArtifactRef): string {
  return JSON.stringify([ref.runId, ref.step, ref.artifact]);
}

function isRef(a: IArtifact, runId: string, ref: IArtifactRef | null) {
  return (
    ref !== null &&
    ref.runId === runId &&
    ref.step === a.step &&
    ref.artifact === a.name
  );
}

/**
 * The models offered, in the order given (runs newest first): the joblib
 * artifacts of succeeded runs, and the artifact the dialog was opened
 * from (a model of a run that failed later still is a model).
 */
export function modelChoices(
  sources: readonly IRunArtifacts[],
  preselect: IArtifactRef | null = null
): IModelChoice[] {
  const choices: IModelChoice[] = [];
  const seen = new Set<string>();
  for (const { run, artifacts } of sources) {
    for (const a of artifacts) {
      const offered =
        isModelArtifact(a) &&
        (run.status === 'succeeded' || isRef(a, run.id, preselect));
      const ref = { runId: run.id, step: a.step, artifact: a.name };
      const key = choiceKey(ref);
      if (offered && !seen.has(key)) {
        seen.add(key);
        choices.push({
          ...ref,
          key,
          model: a,
          runName: run.name,
          notebookPath: run.notebookPath,
          createdAt: run.createdAt
        });
      }
    }
  }
  return choices;
}

/** The choice to select first: the preselected artifact when offered, else the newest. */
export function initialChoice(
  choices: readonly IModelChoice[],
  preselect: IArtifactRef | null
): IModelChoice | null {
  const key = preselect ? choiceKey(preselect) : null;
  return choices.find(c => c.key === key) ?? choices[0] ?? null;
}
