import type { IDraftStep } from '../notebook/readNotebook.js';
import { warning, type Problem } from '../spec/problems.js';
import type { AnalysisByCell, IScope } from './analysis.js';
import type { IStepWiring } from './inferDependencies.js';

interface IAlias {
  name: string;
  of: string;
  step: number;
  cellIndex: number;
  line: number;
}

/**
 * Two names for one object (`b = a`, `items = data['items']`) stay one object
 * in a kernel, but each crosses to another step as its own copy. When a later
 * step changes one of them in place and a step after it reads the other from
 * before that change, the pipeline computes something else: said at compile
 * time, on the reader, with what to do (docs/fidelity.md).
 */
export function sharedObjectProblems(
  steps: readonly IDraftStep[],
  analysis: AnalysisByCell,
  scopes: ReadonlyMap<string, IScope>,
  wiring: ReadonlyMap<string, IStepWiring>
): Problem[] {
  const at = new Map(steps.map((s, i) => [s.name, i]));
  const aliases = steps.flatMap((step, i) =>
    step.cells.flatMap(cell =>
      (analysis.get(cell.id)?.aliases ?? []).map(a => ({
        ...a,
        step: i,
        cellIndex: cell.index
      }))
    )
  );
  if (aliases.length === 0) {
    return [];
  }
  const problems: Problem[] = [];
  steps.forEach((reader, u) => {
    for (const [name, producer] of wiring.get(reader.name)!.inputs) {
      const p = at.get(producer)!;
      for (const alias of aliases.filter(
        a => a.name === name || a.of === name
      )) {
        const other = alias.name === name ? alias.of : alias.name;
        const changer = changerBetween(steps, scopes, alias, name, other, p, u);
        if (changer !== undefined) {
          problems.push(
            sharedWarning(steps, alias, reader, name, other, producer, changer)
          );
          break;
        }
      }
    }
  });
  return problems;
}

/** A step after `p` and before `u` that changes `other` while the two still share. */
function changerBetween(
  steps: readonly IDraftStep[],
  scopes: ReadonlyMap<string, IScope>,
  alias: IAlias,
  name: string,
  other: string,
  p: number,
  u: number
): string | undefined {
  const scope = (i: number) => scopes.get(steps[i].name)!;
  if (p < alias.step || (p > alias.step && scope(p).defines.has(name))) {
    return undefined; // the reader's copy was bound anew after the sharing
  }
  for (let t = alias.step + 1; t < u; t++) {
    if (scope(t).defines.has(other)) {
      return undefined; // `other` is another object from here on
    }
    if (t > p && scope(t).changes.has(other)) {
      return steps[t].name;
    }
  }
  return undefined;
}

function sharedWarning(
  steps: readonly IDraftStep[],
  alias: IAlias,
  reader: IDraftStep,
  name: string,
  other: string,
  producer: string,
  changer: string
): Problem {
  const where = `step "${steps[alias.step].name}", cell ${alias.cellIndex + 1}: ${alias.name} = ${alias.of}…`;
  return warning(
    'shared-object',
    `in the notebook "${name}" and "${other}" are one object (${where}) and step "${changer}" changes "${other}" in place, but step "${reader.name}" receives "${name}" from step "${producer}", before that change: in the pipeline it does not see it. Change "${name}" in that step too, copy on purpose if two objects were meant (${alias.name} = ${alias.of}.copy()), or keep these cells in one step`,
    {
      path: `steps.${reader.name}.inputs.${name}`,
      step: reader.name,
      cellId: reader.cells[0]?.id,
      cellIndex: reader.cells[0]?.index
    }
  );
}
