import type { IArtifact, IMetric, IRunSummary } from '../tokens';

/** The format the harness saves a value in exactly when it has fit() and predict(). */
export const MODEL_FORMAT = 'joblib';

export function isModelArtifact(artifact: Pick<IArtifact, 'format'>): boolean {
  return artifact.format === MODEL_FORMAT;
}

/** A run, what its steps stored and the metrics they reported. */
export interface IRunArtifacts {
  run: Pick<
    IRunSummary,
    'id' | 'name' | 'status' | 'notebookPath' | 'createdAt'
  > &
    Partial<Pick<IRunSummary, 'title'>>;
  artifacts: readonly IArtifact[];
  metrics?: readonly IMetric[];
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
  /** The run's own name (its title). */
  runTitle: string;
  notebookPath: string | null;
  createdAt: string;
  /** The run's metrics, the last value of each, in the order first reported. */
  metrics: { name: string; value: number }[];
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
  for (const { run, artifacts, metrics = [] } of sources) {
    const last = new Map<string, number>();
    metrics.forEach(m => last.set(m.name, m.value));
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
          runTitle: run.title ?? run.name,
          notebookPath: run.notebookPath,
          createdAt: run.createdAt,
          metrics: [...last].map(([name, value]) => ({ name, value }))
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
  return (
    choices.find(c => c.key === key) ??
    bestChoice(choices)?.choice ??
    choices[0] ??
    null
  );
}

/**
 * What the model takes, by name, when its step saved the feature names:
 * `4 features: a, b, c, …` (the first three), else null.
 */
export function featureSummary(
  model: Pick<IArtifact, 'sample'>
): string | null {
  const names = model.sample?.featureNames;
  if (!names || names.length === 0) {
    return null;
  }
  const shown = names.slice(0, 3).join(', ');
  const more = names.length > 3 ? ', …' : '';
  return `${names.length} feature${names.length > 1 ? 's' : ''}: ${shown}${more}`;
}

/** Metric names where lower is better; every other metric is better higher. */
const LOWER_IS_BETTER = /loss|error|mse|mae|rmse|rmsle|mape|perplexity/i;

export interface IBestChoice {
  choice: IModelChoice;
  /** The metric it is best by: the first one the newest run reported. */
  metric: string;
  value: number;
  higherIsBetter: boolean;
}

/**
 * The model of the run that did best by the first metric the newest run
 * with metrics reported (lower is better for losses and errors); ties keep
 * the newer run. Null when no offered run reported that metric.
 */
export function bestChoice(
  choices: readonly IModelChoice[]
): IBestChoice | null {
  const metric = choices.find(c => c.metrics.length > 0)?.metrics[0].name;
  if (metric === undefined) {
    return null;
  }
  const higherIsBetter = !LOWER_IS_BETTER.test(metric);
  let best: IBestChoice | null = null;
  for (const choice of choices) {
    const value = choice.metrics.find(m => m.name === metric)?.value;
    if (
      value !== undefined &&
      (best === null ||
        (higherIsBetter ? value > best.value : value < best.value))
    ) {
      best = { choice, metric, value, higherIsBetter };
    }
  }
  return best;
}
