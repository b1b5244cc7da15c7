import type { IPoint } from './layout';
import type { IBox } from './route';

/** An edge as drawn: its path as a polyline and its label's box. */
export interface IDrawnEdge {
  from: string;
  to: string;
  line: readonly IPoint[];
  label: IBox | null;
}

/** What makes a drawn graph hard to read, counted (0 is best everywhere). */
export interface ILayoutQuality {
  /** (edge, step) pairs where the edge passes through a step it does not join. */
  edgeNodeCrossings: number;
  /** Pairs of labels over each other. */
  labelOverlaps: number;
  /** (label, step) pairs where a label covers part of a step. */
  labelsOnNodes: number;
  /** (edge, label) pairs where an edge runs under another edge's label. */
  edgesUnderLabels: number;
}

/**
 * Counts the faults of a drawn graph. Boxes are shrunk by `slack` first, so
 * an edge that only touches a box's border (its own handle, say) is no fault.
 */
export function layoutQuality(
  nodes: ReadonlyMap<string, IBox>,
  edges: readonly IDrawnEdge[],
  slack = 1
): ILayoutQuality {
  const boxes = [...nodes].map(([name, box]) => [name, inset(box, slack)]);
  const labels = edges.map(e => (e.label ? inset(e.label, slack) : null));
  const quality: ILayoutQuality = {
    edgeNodeCrossings: 0,
    labelOverlaps: 0,
    labelsOnNodes: 0,
    edgesUnderLabels: 0
  };
  edges.forEach((edge, i) => {
    for (const [name, box] of boxes as [string, IBox][]) {
      if (name !== edge.from && name !== edge.to && lineHits(edge.line, box)) {
        quality.edgeNodeCrossings++;
      }
    }
    labels.forEach((label, j) => {
      if (label && j !== i && lineHits(edge.line, label)) {
        quality.edgesUnderLabels++;
      }
    });
  });
  labels.forEach((label, i) => {
    if (!label) {
      return;
    }
    for (let j = i + 1; j < labels.length; j++) {
      const other = labels[j];
      if (other && boxesOverlap(label, other)) {
        quality.labelOverlaps++;
      }
    }
    for (const [, box] of boxes as [string, IBox][]) {
      if (boxesOverlap(label, box)) {
        quality.labelsOnNodes++;
      }
    }
  });
  return quality;
}

export function boxesOverlap(a: IBox, b: IBox): boolean {
  return (
    a.x < b.x + b.width &&
    b.x < a.x + a.width &&
    a.y < b.y + b.height &&
    b.y < a.y + a.height
  );
}

/** Whether any segment of the polyline enters the box. */
export function lineHits(line: readonly IPoint[], box: IBox): boolean {
  for (let i = 1; i < line.length; i++) {
    if (segmentHits(line[i - 1], line[i], box)) {
      return true;
    }
  }
  return false;
}

/** Liang-Barsky: does the segment from `a` to `b` pass through the box? */
export function segmentHits(a: IPoint, b: IPoint, box: IBox): boolean {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  let t0 = 0;
  let t1 = 1;
  const sides: [number, number][] = [
    [-dx, a.x - box.x],
    [dx, box.x + box.width - a.x],
    [-dy, a.y - box.y],
    [dy, box.y + box.height - a.y]
  ];
  for (const [p, q] of sides) {
    if (p === 0) {
      if (q < 0) {
        return false;
      }
      continue;
    }
    const t = q / p;
    if (p < 0) {
      t0 = Math.max(t0, t);
    } else {
      t1 = Math.min(t1, t);
    }
    if (t0 > t1) {
      return false;
    }
  }
  return true;
}

function inset(box: IBox, by: number): IBox {
  return {
    x: box.x + by,
    y: box.y + by,
    width: Math.max(0, box.width - 2 * by),
    height: Math.max(0, box.height - 2 * by)
  };
}
