import type { StepNode } from './buildGraph';

/**
 * The nodes to draw after the graph changed: the new nodes, keeping what
 * React Flow measured on the nodes it already has (a node without its
 * measured size loses its edges until the browser measures it again, which
 * it does not when the size did not change), selected as `selected` says.
 */
export function mergeNodes(
  next: readonly StepNode[],
  previous: readonly StepNode[],
  selected: string | null
): StepNode[] {
  const before = new Map(previous.map(n => [n.id, n]));
  return next.map(node => {
    const old = before.get(node.id);
    const merged: StepNode = { ...node, selected: node.id === selected };
    if (old?.measured) {
      merged.measured = old.measured;
    }
    return merged;
  });
}
