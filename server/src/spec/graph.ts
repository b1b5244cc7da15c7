/**
 * Graph algorithms over step names. Nodes keep the order they are given in
 * (notebook order), which makes every result deterministic.
 */
export interface IGraphEdge {
  from: string;
  to: string;
}

export type OrderResult =
  { ok: true; order: string[] } | { ok: false; cycle: string[] };

function successors(
  nodes: readonly string[],
  edges: readonly IGraphEdge[]
): Map<string, string[]> {
  const next = new Map<string, string[]>(nodes.map(n => [n, []]));
  for (const { from, to } of edges) {
    if (next.has(from) && next.has(to)) {
      next.get(from)!.push(to);
    }
  }
  return next;
}

/**
 * Kahn's algorithm; among steps that are ready, the earlier one in the
 * notebook goes first. On a cycle, returns one cycle as a closed path.
 */
export function topologicalOrder(
  nodes: readonly string[],
  edges: readonly IGraphEdge[]
): OrderResult {
  const next = successors(nodes, edges);
  const rank = new Map(nodes.map((n, i) => [n, i]));
  const indegree = new Map(nodes.map(n => [n, 0]));
  for (const targets of next.values()) {
    for (const t of targets) {
      indegree.set(t, indegree.get(t)! + 1);
    }
  }
  // Ready steps by notebook rank: a heap, since re-sorting a list each turn
  // made large pipelines quadratic.
  const ready = new RankHeap();
  nodes.forEach((n, i) => indegree.get(n) === 0 && ready.push(i));
  const order: string[] = [];
  while (ready.size > 0) {
    const node = nodes[ready.pop()];
    order.push(node);
    for (const t of next.get(node)!) {
      indegree.set(t, indegree.get(t)! - 1);
      if (indegree.get(t) === 0) {
        ready.push(rank.get(t)!);
      }
    }
  }
  if (order.length === nodes.length) {
    return { ok: true, order };
  }
  return { ok: false, cycle: findCycle(nodes, next) };
}

/** A binary min-heap of ranks (small integers). */
class RankHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(rank: number): void {
    const a = this.items;
    a.push(rank);
    for (let i = a.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (a[parent] <= a[i]) {
        break;
      }
      [a[parent], a[i]] = [a[i], a[parent]];
      i = parent;
    }
  }

  pop(): number {
    const a = this.items;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let min = i;
        if (l < a.length && a[l] < a[min]) {
          min = l;
        }
        if (r < a.length && a[r] < a[min]) {
          min = r;
        }
        if (min === i) {
          break;
        }
        [a[min], a[i]] = [a[i], a[min]];
        i = min;
      }
    }
    return top;
  }
}

/** One cycle as `[a, b, ..., a]`, found by an iterative depth-first search. */
function findCycle(
  nodes: readonly string[],
  next: Map<string, string[]>
): string[] {
  const state = new Map<string, 'open' | 'done'>();
  for (const start of nodes) {
    if (state.has(start)) {
      continue;
    }
    const path: string[] = [start];
    const cursor: number[] = [0];
    state.set(start, 'open');
    while (path.length > 0) {
      const node = path[path.length - 1];
      const targets = next.get(node)!;
      const i = cursor[cursor.length - 1]++;
      if (i >= targets.length) {
        state.set(node, 'done');
        path.pop();
        cursor.pop();
        continue;
      }
      const t = targets[i];
      if (state.get(t) === 'open') {
        return [...path.slice(path.indexOf(t)), t];
      }
      if (!state.has(t)) {
        state.set(t, 'open');
        path.push(t);
        cursor.push(0);
      }
    }
  }
  return [];
}

/** Every node from which `node` can be reached (its upstream). */
export function ancestors(
  node: string,
  edges: readonly IGraphEdge[]
): Set<string> {
  const previous = new Map<string, string[]>();
  for (const { from, to } of edges) {
    previous.set(to, [...(previous.get(to) ?? []), from]);
  }
  const seen = new Set<string>();
  const stack = [...(previous.get(node) ?? [])];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (!seen.has(n)) {
      seen.add(n);
      stack.push(...(previous.get(n) ?? []));
    }
  }
  return seen;
}
