import type { IPoint } from './layout';

/** A box by its top-left corner and size, in graph units. */
export interface IBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The ranks of a layered layout: for the y of a rank's middle (as
 * `bandKey` rounds it), half the height of the tallest box in it. Every
 * node and label box lies inside its rank's band; between bands lie no boxes.
 */
export type Bands = ReadonlyMap<number, number>;

export function bandKey(y: number): number {
  return Math.round(y * 100) / 100;
}

/**
 * Where an edge is drawn: pairs of points, each pair leaving one rank's band
 * (even index) and entering the next one's (odd index). Within a band the
 * edge runs straight down at the x the layout kept free for it; between
 * bands, where nothing stands, it bends. So it never crosses a box.
 */
export interface IEdgeRoute {
  points: IPoint[];
  /** The middle of the edge's label, when the layout gave it room. */
  label: IPoint | null;
}

/**
 * The route of an edge from `source` to `target` through the layout's
 * points `through` (one per rank in between, as dagre places its dummy
 * nodes), or null when the target is not below the source (a drawn cycle).
 */
export function routeEdge(
  source: IBox,
  target: IBox,
  through: readonly IPoint[],
  bands: Bands
): IPoint[] | null {
  const points: IPoint[] = [];
  const sourceX = source.x + source.width / 2;
  points.push({ x: sourceX, y: bandEdge(source, bands, 1) });
  for (const { x, y } of through) {
    const half = bands.get(bandKey(y)) ?? 0;
    points.push({ x, y: y - half }, { x, y: y + half });
  }
  points.push({
    x: target.x + target.width / 2,
    y: bandEdge(target, bands, -1)
  });
  for (let i = 1; i < points.length; i++) {
    if (points[i].y < points[i - 1].y) {
      return null;
    }
  }
  return points;
}

/** The bottom (side 1) or top (side -1) of the band a box stands in. */
function bandEdge(box: IBox, bands: Bands, side: 1 | -1): number {
  const middle = box.y + box.height / 2;
  const half = Math.max(bands.get(bandKey(middle)) ?? 0, box.height / 2);
  return middle + side * half;
}

/**
 * The SVG path of a route from the source handle to the target handle:
 * straight within bands, an S-bend between them whose control points stay
 * between the two bands (so the curve does too).
 */
export function routePath(
  source: IPoint,
  points: readonly IPoint[],
  target: IPoint
): string {
  const at = (p: IPoint) => `${round(p.x)},${round(p.y)}`;
  let d = `M${at(source)} L${at(points[0])}`;
  for (let i = 0; i + 1 < points.length; i += 2) {
    const [a, b] = [points[i], points[i + 1]];
    const middle = (a.y + b.y) / 2;
    d += ` C${at({ x: a.x, y: middle })} ${at({ x: b.x, y: middle })} ${at(b)}`;
    if (i + 2 < points.length) {
      d += ` L${at(points[i + 2])}`;
    }
  }
  return `${d} L${at(target)}`;
}

/** The drawn path of a route as a polyline (each bend cut in `steps`). */
export function routePolyline(
  source: IPoint,
  points: readonly IPoint[],
  target: IPoint,
  steps = 12
): IPoint[] {
  const line: IPoint[] = [source, points[0]];
  for (let i = 0; i + 1 < points.length; i += 2) {
    const [a, b] = [points[i], points[i + 1]];
    const middle = (a.y + b.y) / 2;
    line.push(
      ...cubic(a, { x: a.x, y: middle }, { x: b.x, y: middle }, b, steps)
    );
    if (i + 2 < points.length) {
      line.push(points[i + 2]);
    }
  }
  line.push(target);
  return line;
}

/** Points of a cubic Bézier curve after its start, `steps` of them. */
export function cubic(
  p0: IPoint,
  p1: IPoint,
  p2: IPoint,
  p3: IPoint,
  steps: number
): IPoint[] {
  const out: IPoint[] = [];
  for (let s = 1; s <= steps; s++) {
    const t = s / steps;
    const u = 1 - t;
    const [a, b, c, d] = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
    out.push({
      x: a * p0.x + b * p1.x + c * p2.x + d * p3.x,
      y: a * p0.y + b * p1.y + c * p2.y + d * p3.y
    });
  }
  return out;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
