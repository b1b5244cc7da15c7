import { BaseEdge, EdgeProps, getBezierPath } from '@xyflow/react';
import * as React from 'react';

import type { StepEdge } from './buildGraph';
import type { IPoint } from './layout';
import { routePath } from './route';

/**
 * How far (graph units) a handle may be from its route's end for the route
 * to be drawn: React Flow puts handles a few units off the node's border;
 * a step dragged away is further, and its edges go straight to it.
 */
const HANDLE_SLACK = 8;

/**
 * An edge along the layout's route (around the steps, its label where the
 * layout made room for it), or a Bézier curve between the handles when it
 * has no route or one of its steps was moved since the layout.
 */
export function RoutedEdgeView(props: EdgeProps<StepEdge>): JSX.Element {
  const { sourceX, sourceY, targetX, targetY } = props;
  const route = props.data?.route ?? null;
  const source = { x: sourceX, y: sourceY };
  const target = { x: targetX, y: targetY };
  const followed =
    route !== null &&
    near(source, route.points[0]) &&
    near(target, route.points[route.points.length - 1]);
  const [path, labelX, labelY] = followed
    ? [
        routePath(source, route.points, target),
        route.label?.x ?? (sourceX + targetX) / 2,
        route.label?.y ?? (sourceY + targetY) / 2
      ]
    : getBezierPath(props);
  return (
    <BaseEdge
      id={props.id}
      path={path}
      labelX={labelX}
      labelY={labelY}
      label={props.label}
      markerEnd={props.markerEnd}
      style={props.style}
      interactionWidth={props.interactionWidth}
    />
  );
}

function near(a: IPoint, b: IPoint): boolean {
  return Math.hypot(a.x - b.x, a.y - b.y) <= HANDLE_SLACK;
}
