import * as React from 'react';

import { buildGraph, IPipelineGraph } from '../graph/buildGraph';
import { layoutSteps, structureKey } from '../graph/layout';
import type { ICompileResult, IProblem, IRunRecord } from '../tokens';

/**
 * The graph of a compile result with the statuses of `run`; the layout is
 * computed again only when the steps, edges or saved positions change.
 */
export function usePipelineGraph(
  compile: ICompileResult | null,
  run: IRunRecord | null,
  problems: readonly IProblem[]
): { graph: IPipelineGraph | null; fitKey: string } {
  const fitKey = compile ? structureKey(compile) : '';
  const layoutKey = `${fitKey}\u0000${JSON.stringify(compile?.layout ?? {})}`;
  const positions = React.useMemo(
    () => (compile ? layoutSteps(compile, compile.layout) : null),
    // The compile result is new after every edit; the layout only depends on this key.
    [layoutKey]
  );
  const graph = React.useMemo(
    () =>
      compile && positions
        ? buildGraph(compile, run, problems, positions)
        : null,
    [compile, run, problems, positions]
  );
  return { graph, fitKey };
}
