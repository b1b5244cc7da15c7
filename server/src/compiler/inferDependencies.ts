import type { IEdge } from '../contract/wire.js';
import type { IDraftStep } from '../notebook/readNotebook.js';
import type { IGraphEdge } from '../spec/graph.js';
import { error, warning, type Problem } from '../spec/problems.js';
import { scopeOf, type AnalysisByCell, type IScope } from './analysis.js';
import { RANDOM_STATE } from './randomState.js';
import { sharedObjectProblems } from './sharedObjects.js';

export interface IStepWiring {
  /** Input name -> the step that produces it (the last earlier one that binds or changes it). */
  inputs: Map<string, string>;
  outputs: Set<string>;
}

export interface IInferred {
  wiring: Map<string, IStepWiring>;
  /** Name -> the last step of the pipeline that binds or changes it. */
  lastProducer: ReadonlyMap<string, string>;
  /** Step -> the steps it runs after (edges into it, each once). */
  dependsOn: ReadonlyMap<string, string[]>;
  edges: IEdge[];
  scopes: Map<string, IScope>;
  problems: Problem[];
}

/**
 * Data dependencies: a name a step reads that an earlier step (in notebook
 * order) defines, or may change in place, becomes an input of the reader and
 * an output of the latest such step: so a step sees an object as the
 * notebook would at that point, changes of steps before it included.
 * A step that calls a function an earlier step or the prelude defined may
 * change what that function changes (`def note(x): log.append(x)`).
 * `explicit` edges (after/prev:) are kept and count for ordering.
 * `available` names (prelude, parameters) are in every step and never inputs.
 */
export interface IInferOptions {
  /** Names in every step (prelude, parameters): never inputs. */
  available: ReadonlySet<string>;
  /** The prelude's cells: what its functions change when a step calls them. */
  prelude: readonly string[];
  /** From this step on (notebook order), each takes the random state from the one before. */
  randomFrom?: number;
}

export function inferDependencies(
  steps: readonly IDraftStep[],
  analysis: AnalysisByCell,
  explicit: readonly IGraphEdge[],
  { available, prelude, randomFrom }: IInferOptions
): IInferred {
  const scopes = new Map(
    steps.map(s => [
      s.name,
      scopeOf(
        s.cells.map(c => c.id),
        analysis
      )
    ])
  );
  const wiring = new Map<string, IStepWiring>(
    steps.map(s => [s.name, { inputs: new Map(), outputs: new Set() }])
  );
  const problems: Problem[] = [];
  // Name -> the last step so far (in notebook order) that binds or changes it:
  // what the notebook would show a later cell, whether or not the other
  // producers run before it.
  const last = new Map<string, string>();
  const effects = new CallEffects(analysis, prelude);
  steps.forEach((step, i) => {
    const scope = scopes.get(step.name)!;
    effects.applyTo(scope, available);
    for (const name of [...scope.reads].sort()) {
      const chosen = last.get(name);
      if (available.has(name)) {
        continue;
      }
      if (chosen === undefined) {
        problems.push(undefinedName(step, name, steps.slice(i + 1), scopes));
        continue;
      }
      wiring.get(step.name)!.inputs.set(name, chosen);
      wiring.get(chosen)!.outputs.add(name);
    }
    for (const name of [...scope.defines, ...scope.changes]) {
      last.set(name, step.name);
    }
    if (randomFrom !== undefined && i >= randomFrom) {
      passRandomState(step, last, wiring);
    }
    effects.learn(step.cells.map(c => c.id));
    if (scope.starImport) {
      problems.push(starImport(step));
    }
  });
  problems.push(
    ...crossings(steps, analysis, wiring),
    ...sharedObjectProblems(steps, analysis, scopes, wiring)
  );
  const edges = mergeEdges(explicit, wiring, scopes);
  return {
    wiring,
    lastProducer: last,
    dependsOn: dependenciesOf(steps, edges),
    edges,
    scopes,
    problems
  };
}

/**
 * Functions by name -> the globals a call of them may change, from the
 * prelude and the steps so far (the last definition wins, as in a kernel).
 */
class CallEffects {
  private readonly byFunction = new Map<string, readonly string[]>();

  constructor(
    private readonly analysis: AnalysisByCell,
    prelude: readonly string[]
  ) {
    this.learn(prelude);
  }

  learn(cellIds: readonly string[]): void {
    for (const id of cellIds) {
      const cell = this.analysis.get(id);
      for (const f of cell?.defines ?? []) {
        this.byFunction.delete(f);
      }
      for (const [f, names] of Object.entries(cell?.function_changes ?? {})) {
        this.byFunction.set(f, names);
      }
    }
  }

  /** A step that reads such a function reads and may change its globals. */
  applyTo(scope: IScope, available: ReadonlySet<string>): void {
    for (const f of [...scope.reads]) {
      for (const name of this.byFunction.get(f) ?? []) {
        if (!available.has(name) && !scope.defines.has(name)) {
          scope.reads.add(name);
          scope.changes.add(name);
        }
      }
    }
  }
}

function passRandomState(
  step: IDraftStep,
  last: Map<string, string>,
  wiring: Map<string, IStepWiring>
): void {
  const before = last.get(RANDOM_STATE);
  if (before !== undefined) {
    wiring.get(step.name)!.inputs.set(RANDOM_STATE, before);
    wiring.get(before)!.outputs.add(RANDOM_STATE);
  }
  last.set(RANDOM_STATE, step.name);
}

/**
 * A value no pickle carries (an open file, a connection, a generator) that a
 * later step reads: said at compile time, naming both steps, instead of
 * failing after the producing step ran.
 */
function crossings(
  steps: readonly IDraftStep[],
  analysis: AnalysisByCell,
  wiring: Map<string, IStepWiring>
): Problem[] {
  const problems: Problem[] = [];
  for (const step of steps) {
    const outputs = wiring.get(step.name)!.outputs;
    const made = new Map<
      string,
      { what: string; cellIndex: number; id: string }
    >();
    for (const cell of step.cells) {
      for (const name of analysis.get(cell.id)?.defines ?? []) {
        made.delete(name); // rebound later in the step: the last binding counts
      }
      for (const h of analysis.get(cell.id)?.handles ?? []) {
        made.set(h.name, { what: h.what, cellIndex: cell.index, id: cell.id });
      }
    }
    for (const [name, m] of made) {
      if (!outputs.has(name)) {
        continue;
      }
      const readers = steps
        .filter(s => wiring.get(s.name)!.inputs.get(name) === step.name)
        .map(s => `"${s.name}"`);
      problems.push(
        error(
          'cannot-cross',
          `"${name}" is ${m.what} (made in step "${step.name}"), which cannot be passed to another process, but step ${readers.join(', ')} reads it: make it again in the step that uses it, or keep those cells in one step`,
          {
            path: `steps.${step.name}.outputs.${name}`,
            step: step.name,
            cellId: m.id,
            cellIndex: m.cellIndex
          }
        )
      );
    }
  }
  return problems;
}

function dependenciesOf(
  steps: readonly IDraftStep[],
  edges: readonly IEdge[]
): Map<string, string[]> {
  const into = new Map(steps.map(s => [s.name, new Set<string>()]));
  for (const e of edges) {
    into.get(e.to)?.add(e.from);
  }
  return new Map([...into].map(([name, from]) => [name, [...from]]));
}

function starImport(step: IDraftStep): Problem {
  return warning(
    'star-import',
    `step "${step.name}" uses "from ... import *": the names it brings in cannot be tracked between steps`,
    { path: `steps.${step.name}`, step: step.name }
  );
}

function undefinedName(
  step: IDraftStep,
  name: string,
  later: readonly IDraftStep[],
  scopes: Map<string, IScope>
): Problem {
  const place = {
    path: `steps.${step.name}.inputs.${name}`,
    step: step.name,
    cellId: step.cells[0]?.id,
    cellIndex: step.cells[0]?.index
  };
  const definer = later.find(s => scopes.get(s.name)!.defines.has(name));
  if (definer) {
    return warning(
      'undefined-name',
      `step "${step.name}" reads "${name}", which only the later step "${definer.name}" defines: move the cell, or the step will fail with NameError`,
      place
    );
  }
  return warning(
    'undefined-name',
    `step "${step.name}" reads "${name}", which no step, import or parameter defines`,
    place
  );
}

/** One edge per pair of steps, with the variables passed and whether it is explicit. */
function mergeEdges(
  explicit: readonly IGraphEdge[],
  wiring: Map<string, IStepWiring>,
  scopes: Map<string, IScope>
): IEdge[] {
  const edges = new Map<string, IEdge>();
  const key = (from: string, to: string) => `${from}\u0000${to}`;
  for (const { from, to } of explicit) {
    edges.set(key(from, to), { from, to, variables: [], explicit: true });
  }
  for (const [to, w] of wiring) {
    for (const [name, from] of w.inputs) {
      const edge = edges.get(key(from, to)) ?? {
        from,
        to,
        variables: [],
        explicit: false
      };
      edge.variables.push(name);
      edges.set(key(from, to), edge);
    }
  }
  return [...edges.values()].map(e => {
    const variables = [...e.variables].sort();
    const sender = scopes.get(e.from)!;
    const changed = variables.filter(
      v => sender.changes.has(v) && !sender.defines.has(v)
    );
    return { ...e, variables, ...(changed.length > 0 && { changed }) };
  });
}
