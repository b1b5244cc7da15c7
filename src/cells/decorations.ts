import { problemsByCell } from '../pipelines/problemPlaces';
import { cellStates } from '../pipelines/runReducer';
import type {
  ICompileResult,
  IProblem,
  IRunRecord,
  IStepError,
  StepStatus
} from '../tokens';
import type { CellRole, Membership } from './cellMarks';

/**
 * What each code cell shows (pure): its step, that step's status in the run
 * shown, the error of the cell that raised, and the problems about it.
 * Keyed by nbformat cell id; cells in no step appear only with problems.
 */
export interface ICellDecoration {
  step: string | null;
  /** The first cell of an imports, parameters, metrics or skipped region. */
  role: CellRole | null;
  /** `null` when no run is shown: the cell only shows its step. */
  status: StepStatus | null;
  /** The first cell of its step carries the chip. */
  first: boolean;
  startedAt: string | null;
  durationMs: number | null;
  /** The step's last status change in words ("skipped: load failed"). */
  reason: string | null;
  error: IStepError | null;
  problems: IProblem[];
  /** The step's metrics in the run shown (last value of each), on its first cell. */
  metrics: { name: string; value: number }[];
  /** A cell of the step (notebook index) changed since the run shown: its status is from before. */
  editedCell: number | null;
}

/** A failed step whose error names no current cell shows it on its last cell. */
function placeOrphanErrors(
  compile: ICompileResult,
  run: IRunRecord,
  out: Map<string, ICellDecoration>
): void {
  for (const record of run.steps) {
    const step = compile.steps.find(s => s.name === record.name);
    const last = step?.cells[step.cells.length - 1];
    if (record.status !== 'failed' || !record.error || !last) {
      continue;
    }
    if (!step.cells.some(c => out.get(c.id)?.error)) {
      const d = out.get(last.id);
      if (d) {
        d.error = record.error;
      }
    }
  }
}

/** Cells (by id) that start a role region, from the code cells' memberships. */
export function roleStarts(
  ids: readonly string[],
  memberships: readonly Membership[]
): Map<string, CellRole> {
  const starts = new Map<string, CellRole>();
  memberships.forEach((m, i) => {
    const prev = memberships[i - 1];
    const continues =
      prev?.kind === 'role' && m.kind === 'role' && prev.role === m.role;
    if (m.kind === 'role' && !continues) {
      starts.set(ids[i], m.role);
    }
  });
  return starts;
}

export function cellDecorations(
  compile: ICompileResult | null,
  run: IRunRecord | null,
  extraProblems: readonly IProblem[],
  roles: ReadonlyMap<string, CellRole> = new Map(),
  edited: ReadonlyMap<string, number> = new Map()
): Map<string, ICellDecoration> {
  const out = new Map<string, ICellDecoration>();
  if (!compile) {
    return out;
  }
  const reasons = new Map((run?.steps ?? []).map(s => [s.name, s.reason]));
  const metrics = metricsByStep(run);
  for (const [id, state] of cellStates(compile, run)) {
    out.set(id, {
      step: state.step,
      role: null,
      status: run ? state.status : null,
      first: state.first,
      startedAt: run ? state.startedAt : null,
      durationMs: run ? state.durationMs : null,
      reason: reasons.get(state.step) ?? null,
      error: state.error,
      problems: [],
      metrics: state.first ? (metrics.get(state.step) ?? []) : [],
      editedCell: run ? (edited.get(state.step) ?? null) : null
    });
  }
  if (run) {
    placeOrphanErrors(compile, run, out);
  }
  for (const [id, role] of roles) {
    if (!out.has(id)) {
      out.set(id, { ...emptyDecoration(), role, first: true });
    }
  }
  for (const [id, problems] of problemsByCell(compile, extraProblems)) {
    const d = out.get(id) ?? emptyDecoration();
    d.problems = problems;
    out.set(id, d);
  }
  return out;
}

function emptyDecoration(): ICellDecoration {
  return {
    step: null,
    role: null,
    status: null,
    first: false,
    startedAt: null,
    durationMs: null,
    reason: null,
    error: null,
    problems: [],
    metrics: [],
    editedCell: null
  };
}

/** Each step's metrics, the last value of each name, in the order first logged. */
function metricsByStep(
  run: IRunRecord | null
): Map<string, { name: string; value: number }[]> {
  const byStep = new Map<string, Map<string, number>>();
  for (const m of run?.metrics ?? []) {
    const values = byStep.get(m.step) ?? new Map<string, number>();
    values.set(m.name, m.value);
    byStep.set(m.step, values);
  }
  return new Map(
    [...byStep].map(([step, values]) => [
      step,
      [...values].map(([name, value]) => ({ name, value }))
    ])
  );
}
