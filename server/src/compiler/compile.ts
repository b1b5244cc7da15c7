import { createHash } from 'node:crypto';

import type {
  ICellRef,
  ICompiledStep,
  ICompileResult,
  IParameter
} from '../contract/wire.js';
import type { ICodeCell } from '../notebook/notebookSchema.js';
import type { IDraftStep, IPipelineDraft } from '../notebook/readNotebook.js';
import { topologicalOrder, type IGraphEdge } from '../spec/graph.js';
import {
  StepPropertiesSchema,
  type StepProperties
} from '../spec/pipelineSchema.js';
import { error, hasErrors, type Problem } from '../spec/problems.js';
import { scopeOf, type AnalysisByCell } from './analysis.js';
import { inferDependencies, type IInferred } from './inferDependencies.js';
import { randomChain } from './randomState.js';
import { stepModules, type IStepModules } from './stepModules.js';
import { assignMetrics } from './metrics.js';
import { applyOverrides, readParameters } from './parameters.js';
import {
  programCell,
  programHead,
  programTail,
  type IStepDefinition
} from './stepProgram.js';
import { stepProblems, syntaxProblems } from './validateSteps.js';

export interface ICompileOptions {
  name: string;
  /** The harness source (server/runtime/harness.py), embedded in every program. */
  harness: string;
  overrides?: Record<string, unknown>;
}

export interface ICompiled {
  result: ICompileResult;
  /** Step name -> program text; only for pipelines without errors. */
  programs: Map<string, string>;
  /** Step name -> the modules it imports (for the pre-flight check). */
  modules?: Map<string, IStepModules>;
}

const ref = (c: ICodeCell): ICellRef => ({
  id: c.id,
  index: c.index,
  ...(c.notebook !== undefined && { notebook: c.notebook }),
  ...(c.via !== undefined && { via: c.via.id })
});

/** Notebook draft + cell analysis -> the pipeline, its problems and its step programs. Pure. */
export function compilePipeline(
  draft: IPipelineDraft,
  analysis: AnalysisByCell,
  options: ICompileOptions
): ICompiled {
  const problems: Problem[] = [
    ...draft.problems,
    ...syntaxProblems(draft, analysis),
    ...stepProblems(draft)
  ];
  const declared = readParameters(draft.parameterCells, analysis);
  const overridden = applyOverrides(
    declared.parameters,
    options.overrides ?? {}
  );
  problems.push(...declared.problems, ...overridden.problems);

  const explicit = explicitEdges(draft);
  const prelude = scopeOf(
    draft.prelude.map(c => c.id),
    analysis
  );
  const available = new Set([
    ...prelude.defines,
    ...declared.parameters.map(p => p.name)
  ]);
  const random = randomChain(draft, analysis, explicit);
  const inferred = inferDependencies(draft.steps, analysis, explicit, {
    available,
    prelude: draft.prelude.map(c => c.id),
    randomFrom: random.start
  });
  problems.push(...random.problems, ...inferred.problems);

  const order = topologicalOrder(
    draft.steps.map(s => s.name),
    inferred.edges
  );
  if (!order.ok) {
    problems.push(
      error(
        'cycle',
        `the steps depend on each other in a cycle: ${order.cycle.join(' → ')}`,
        { path: 'edges', step: order.cycle[0] }
      )
    );
  }
  const paramNames = new Set(declared.parameters.map(p => p.name));
  const metrics = assignMetrics(
    draft,
    analysis,
    inferred,
    paramNames,
    problems
  );
  const readsParams = (reads: Set<string>) =>
    [...reads].filter(n => paramNames.has(n));
  // A parameter read by the prelude reaches every step.
  const preludeParams = readsParams(prelude.reads);
  // One head for all programs, hashed once (see programHead).
  const head = programHead(options.harness);
  const headHash = createHash('sha256').update(head);
  const steps = draft.steps.map(step => {
    const usedParams = [
      ...new Set([
        ...preludeParams,
        ...readsParams(inferred.scopes.get(step.name)!.reads),
        // A parameter the step reports as a metric counts for its cache key.
        ...readsParams(new Set(metrics.get(step.name)))
      ])
    ].sort();
    const properties = stepProperties(draft, step, problems);
    const definition = stepDefinition(
      options.name,
      draft,
      step,
      inferred,
      declared.parameters,
      metrics.get(step.name) ?? []
    );
    const tail = programTail(definition);
    const program = head + tail;
    return {
      step: compiledStep(
        step,
        inferred,
        definition,
        properties,
        headHash.copy().update(tail).digest('hex'),
        usedParams
      ),
      program
    };
  });
  const ok = !hasErrors(problems);
  const result: ICompileResult = {
    name: options.name,
    ok,
    steps: steps.map(s => s.step),
    edges: inferred.edges,
    order: order.ok ? order.order : draft.steps.map(s => s.name),
    prelude: draft.prelude.map(ref),
    parameters: overridden.parameters,
    metrics: [...new Set([...metrics.values()].flat())],
    layout: draft.metadata.layout ?? {},
    problems,
    ...pipelineDefaults(draft)
  };
  return {
    result,
    programs: new Map(ok ? steps.map(s => [s.step.name, s.program]) : []),
    modules: stepModules(draft, analysis)
  };
}

/** `after`/`prev:` on cells and the notebook's extra edges, to known steps only. */
function explicitEdges(draft: IPipelineDraft): IGraphEdge[] {
  const known = new Set(draft.steps.map(s => s.name));
  const edges: IGraphEdge[] = [];
  for (const step of draft.steps) {
    edges.push(
      ...step.after
        .filter(a => known.has(a))
        .map(from => ({ from, to: step.name }))
    );
  }
  edges.push(
    ...(draft.metadata.edges ?? []).filter(
      e => known.has(e.from) && known.has(e.to)
    )
  );
  return edges;
}

/** The pipeline's defaults, when it has valid ones (they say where a step's image came from). */
function pipelineDefaults(draft: IPipelineDraft): {
  defaults?: StepProperties;
} {
  const parsed = StepPropertiesSchema.safeParse(draft.metadata.defaults ?? {});
  return parsed.success && Object.keys(parsed.data).length > 0
    ? { defaults: parsed.data }
    : {};
}

/** Pipeline defaults, then Kale tags, then the step's own properties. */
function stepProperties(
  draft: IPipelineDraft,
  step: IDraftStep,
  problems: Problem[]
): StepProperties {
  const merged = {
    ...draft.metadata.defaults,
    ...step.tagProperties,
    ...draft.metadata.steps?.[step.name]
  };
  const parsed = StepPropertiesSchema.safeParse(merged);
  if (parsed.success) {
    return parsed.data;
  }
  for (const issue of parsed.error.issues) {
    const path = `steps.${step.name}.${issue.path.join('.')}`;
    problems.push(
      error('invalid-property', `${path}: ${issue.message}`, {
        path,
        step: step.name
      })
    );
  }
  return {};
}

function stepDefinition(
  pipeline: string,
  draft: IPipelineDraft,
  step: IDraftStep,
  inferred: IInferred,
  parameters: readonly IParameter[],
  metrics: string[]
): IStepDefinition {
  const wiring = inferred.wiring.get(step.name)!;
  const scope = inferred.scopes.get(step.name)!;
  const changed = [...scope.changes].filter(n => wiring.inputs.has(n));
  const models = [...scope.defines, ...changed]
    .filter(
      name =>
        !wiring.outputs.has(name) &&
        inferred.lastProducer.get(name) === step.name
    )
    .sort();
  return {
    format: 1,
    pipeline,
    step: step.name,
    prelude: draft.prelude.map(programCell),
    cells: step.cells.map(programCell),
    inputs: [...wiring.inputs.keys()].sort(),
    outputs: [...wiring.outputs].sort(),
    models,
    parameters: Object.fromEntries(parameters.map(p => [p.name, p.default])),
    ...floatParameters(parameters),
    metrics
  };
}

function floatParameters(
  parameters: readonly IParameter[]
): Pick<IStepDefinition, 'float_parameters'> {
  const floats = parameters.filter(p => p.type === 'float').map(p => p.name);
  return floats.length > 0 ? { float_parameters: floats.sort() } : {};
}

function compiledStep(
  step: IDraftStep,
  inferred: IInferred,
  definition: IStepDefinition,
  properties: StepProperties,
  programHash: string,
  parameters: string[]
): ICompiledStep {
  const dependsOn = inferred.dependsOn.get(step.name) ?? [];
  return {
    name: step.name,
    cells: step.cells.map(ref),
    inputs: definition.inputs,
    outputs: definition.outputs,
    after: step.after,
    dependsOn,
    metrics: definition.metrics,
    parameters,
    properties,
    programHash
  };
}
