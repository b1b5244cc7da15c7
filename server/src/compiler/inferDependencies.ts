import type { IEdge } from '../contract/wire.js';
import type { IDraftStep } from '../notebook/readNotebook.js';
import type { IGraphEdge } from '../spec/graph.js';
import { error, warning, type Problem } from '../spec/problems.js';
import {
  leaves,
  scopeOf,
  type AnalysisByCell,
  type IScope
} from './analysis.js';

export interface IStepWiring {
  /** Input name -> the step that produces it (the last earlier one that binds or changes it). */
  inputs: Map<string, string>;
  outputs: Set<string>;
}

export interface IInferred {
  wiring: Map<string, IStepWiring>;
  edges: IEdge[];
  scopes: Map<string, IScope>;
  problems: Problem[];
}

/**
 * Data dependencies: a name a step reads that an earlier step (in notebook
 * order) defines, or may change in place, becomes an input of the reader and
 * an output of the latest such step: so a step sees an object as the
 * notebook would at that point, changes of steps before it included. `explicit` edges (after/prev:) are kept and count for ordering.
 * `available` names (prelude, parameters) are in every step and never inputs.
 */
export function inferDependencies(
  steps: readonly IDraftStep[],
  analysis: AnalysisByCell,
  explicit: readonly IGraphEdge[],
  available: ReadonlySet<string>
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
  steps.forEach((step, i) => {
    const earlier = steps.slice(0, i);
    const later = steps.slice(i + 1);
    for (const name of [...scopes.get(step.name)!.reads].sort()) {
      if (available.has(name)) {
        continue;
      }
      const producers = earlier.filter(p => leaves(scopes.get(p.name)!, name));
      if (producers.length === 0) {
        problems.push(undefinedName(step, name, later, scopes));
        continue;
      }
      // The last earlier one in notebook order, as the notebook would see it,
      // whether or not the other producers run before it.
      const chosen = producers[producers.length - 1].name;
      wiring.get(step.name)!.inputs.set(name, chosen);
      wiring.get(chosen)!.outputs.add(name);
    }
    if (scopes.get(step.name)!.starImport) {
      problems.push(
        warning(
          'star-import',
          `step "${step.name}" uses "from ... import *": the names it brings in cannot be tracked between steps`,
          { path: `steps.${step.name}`, step: step.name }
        )
      );
    }
  });
  problems.push(...crossings(steps, analysis, wiring));
  return {
    wiring,
    edges: mergeEdges(explicit, wiring, scopes),
    scopes,
    problems
  };
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
