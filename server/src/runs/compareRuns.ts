import type {
  IRunComparison,
  IRunRecord,
  IStepComparison
} from '../contract/wire.js';

/** Durations closer than this share, or than NOISE_MS, are "the same" (timing noise). */
const DURATION_TOLERANCE = 0.1;
const NOISE_MS = 500;

/** One run and the code of its steps (step -> its cells' sources joined). */
export interface IComparedRun {
  record: IRunRecord;
  code: Record<string, string>;
}

const same = (values: readonly unknown[]): boolean =>
  values.every(v => JSON.stringify(v) === JSON.stringify(values[0]));

/** Names in first-seen order across lists. */
function union<T>(lists: readonly T[][], key: (item: T) => string): string[] {
  return [...new Set(lists.flatMap(list => list.map(key)))];
}

/**
 * Two or more runs side by side (pure): every parameter, every step's last
 * metric values and every step's status, duration and code, one value per
 * run, rows whose values differ marked.
 */
export function compareRuns(runs: readonly IComparedRun[]): IRunComparison {
  const records = runs.map(r => r.record);
  const parameters = union(
    records.map(r => Object.keys(r.parameters)),
    k => k
  ).map(name => {
    const values = records.map(r =>
      name in r.parameters ? r.parameters[name] : null
    );
    return { name, values, differs: !same(values) };
  });
  const metrics = union(
    records.map(r => r.metrics),
    m => `${m.step}\u0000${m.name}`
  ).map(key => {
    const [step, name] = key.split('\u0000');
    const values = records.map(r => lastMetric(r, step, name));
    return { step, name, values, differs: !same(values) };
  });
  const steps = union(
    records.map(r => r.order),
    s => s
  ).map(name => compareStep(name, runs));
  return { runs: records.map(summary), parameters, metrics, steps };
}

function lastMetric(
  run: IRunRecord,
  step: string,
  name: string
): number | null {
  const found = run.metrics.filter(m => m.step === step && m.name === name);
  return found.length > 0 ? found[found.length - 1].value : null;
}

function compareStep(
  name: string,
  runs: readonly IComparedRun[]
): IStepComparison {
  const steps = runs.map(r => r.record.steps.find(s => s.name === name));
  const status = steps.map(s => s?.status ?? null);
  const durationMs = steps.map(s =>
    s && s.status !== 'cached' ? s.durationMs : null
  );
  const code = runs.map((r, i) => (steps[i] ? (r.code[name] ?? null) : null));
  const codeChanged = !same(code);
  return {
    name,
    status,
    durationMs,
    code,
    codeChanged,
    differs: codeChanged || !same(status) || !similar(durationMs)
  };
}

function similar(durations: readonly (number | null)[]): boolean {
  const known = durations.filter((d): d is number => d !== null);
  if (known.length !== durations.length) {
    return same(durations.map(d => d === null));
  }
  const max = Math.max(...known);
  const gap = max - Math.min(...known);
  return gap <= NOISE_MS || gap <= max * DURATION_TOLERANCE;
}

function summary(run: IRunRecord): IRunComparison['runs'][number] {
  const {
    steps: _s,
    edges: _e,
    order: _o,
    metrics: _m,
    artifacts: _a,
    seq: _q,
    ...rest
  } = run;
  return rest;
}
