import { edgeLabel, labelSize } from '../graph/edgeLabel';
import {
  computeLayout,
  edgeId,
  ILayoutEdge,
  ILayoutInput,
  layoutSteps,
  NODE_HEIGHT,
  NODE_WIDTH,
  StepLayout
} from '../graph/layout';
import { IDrawnEdge, layoutQuality, segmentHits } from '../graph/layoutQuality';
import { IBox, routePath, routePolyline } from '../graph/route';
import './structuredClone';

/**
 * A pipeline as notebooks grow them: mostly chains, a hub step every 15
 * read by later steps (fan-out), a join of 3-6 recent steps every 10
 * (fan-in); each edge passes 1-3 variables. Deterministic.
 */
function pipeline(n: number): ILayoutInput {
  const edges = new Map<string, ILayoutEdge>();
  const add = (from: number, to: number) => {
    const variables = ['df', 'X_train', 'model'].slice(
      0,
      1 + ((from + to) % 3)
    );
    edges.set(`${from}-${to}`, {
      from: `s${from}`,
      to: `s${to}`,
      variables
    });
  };
  for (let i = 1; i < n; i++) {
    if (i % 10 === 0) {
      for (let k = 1; k <= 3 + (i % 4); k++) {
        add(Math.max(0, i - 2 * k), i);
      }
    } else {
      add(i - 1, i);
    }
    if (i % 4 === 0) {
      add(15 * Math.floor((i - 1) / 15), i);
    }
  }
  const steps = Array.from({ length: n }, (_, i) => ({ name: `s${i}` }));
  return { steps, edges: [...edges.values()] };
}

/** Each edge drawn along its route from the bottom of its step to the top of the next. */
function drawn(input: ILayoutInput, layout: StepLayout): IDrawnEdge[] {
  return input.edges.map(edge => {
    const route = layout.routes.get(edgeId(edge.from, edge.to));
    if (!route) {
      throw new Error(`no route for ${edgeId(edge.from, edge.to)}`);
    }
    const source = layout.get(edge.from)!;
    const target = layout.get(edge.to)!;
    const line = routePolyline(
      { x: source.x + NODE_WIDTH / 2, y: source.y + NODE_HEIGHT },
      route.points,
      { x: target.x + NODE_WIDTH / 2, y: target.y }
    );
    const text = edgeLabel(edge.variables ?? []);
    const size = labelSize(text);
    const label = route.label && {
      x: route.label.x - size.width / 2,
      y: route.label.y - size.height / 2,
      ...size
    };
    return { from: edge.from, to: edge.to, line, label };
  });
}

function boxes(layout: StepLayout): Map<string, IBox> {
  return new Map(
    [...layout].map(([name, p]) => [
      name,
      { ...p, width: NODE_WIDTH, height: NODE_HEIGHT }
    ])
  );
}

describe('edges routed around the steps', () => {
  it('never cross a step box on a 200-step pipeline with fan-out and fan-in', () => {
    const input = pipeline(200);
    const layout = computeLayout(input, false);
    expect(layout.routes.size).toBe(input.edges.length);
    const quality = layoutQuality(boxes(layout), drawn(input, layout));
    expect(quality.edgeNodeCrossings).toBe(0);
  });

  it('give every label its own room: no label over another, over a step or over another edge', () => {
    const input = pipeline(40);
    const layout = computeLayout(input, true);
    const edges = drawn(input, layout);
    expect(edges.every(e => e.label !== null)).toBe(true);
    expect(layoutQuality(boxes(layout), edges)).toEqual({
      edgeNodeCrossings: 0,
      labelOverlaps: 0,
      labelsOnNodes: 0,
      edgesUnderLabels: 0
    });
  });

  it('are crossed by straight lines between the handles, which is why they are routed', () => {
    const input = pipeline(40);
    const layout = computeLayout(input, true);
    const straight = input.edges.map(edge => {
      const s = layout.get(edge.from)!;
      const t = layout.get(edge.to)!;
      const line = [
        { x: s.x + NODE_WIDTH / 2, y: s.y + NODE_HEIGHT },
        { x: t.x + NODE_WIDTH / 2, y: t.y }
      ];
      return { from: edge.from, to: edge.to, line, label: null };
    });
    expect(
      layoutQuality(boxes(layout), straight).edgeNodeCrossings
    ).toBeGreaterThan(0);
  });

  it('go down only, bending between ranks and straight through them', () => {
    const layout = computeLayout(pipeline(30), true);
    for (const route of layout.routes.values()) {
      const ys = route.points.map(p => p.y);
      expect(ys).toEqual([...ys].sort((a, b) => a - b));
      for (let i = 1; i + 1 < route.points.length; i += 2) {
        expect(route.points[i].x).toBe(route.points[i + 1].x);
      }
    }
  });

  it('leave out edges of a step that was dragged elsewhere: those are drawn straight to it', () => {
    const input = pipeline(12);
    const layout = layoutSteps(input, { s5: { x: 900, y: 40 } });
    const touching = input.edges.filter(e => e.from === 's5' || e.to === 's5');
    expect(touching.length).toBeGreaterThan(0);
    for (const edge of input.edges) {
      expect(layout.routes.has(edgeId(edge.from, edge.to))).toBe(
        !touching.includes(edge)
      );
    }
  });

  it('has no route for an edge drawn upwards (a cycle the server reports)', () => {
    const input: ILayoutInput = {
      steps: [{ name: 'a' }, { name: 'b' }],
      edges: [
        { from: 'a', to: 'b', variables: ['x'] },
        { from: 'b', to: 'a', variables: ['y'] }
      ]
    };
    const layout = layoutSteps(input);
    expect(layout.routes.size).toBe(1);
  });

  it('draws the route as an SVG path from handle to handle', () => {
    const path = routePath(
      { x: 10, y: 0 },
      [
        { x: 10, y: 2 },
        { x: 50, y: 40 }
      ],
      { x: 50, y: 42 }
    );
    expect(path).toBe('M10,0 L10,2 C10,21 50,21 50,40 L50,42');
  });
});

describe('measuring a drawn graph', () => {
  const box = { x: 0, y: 0, width: 10, height: 10 };

  it('sees a segment through a box, and none beside it', () => {
    expect(segmentHits({ x: -5, y: 5 }, { x: 15, y: 5 }, box)).toBe(true);
    expect(segmentHits({ x: -5, y: 12 }, { x: 15, y: 12 }, box)).toBe(false);
    expect(segmentHits({ x: 20, y: -5 }, { x: 9, y: 3 }, box)).toBe(true);
  });

  it("does not count an edge touching its own steps' borders", () => {
    const nodes = new Map([
      ['a', box],
      ['b', { ...box, y: 30 }]
    ]);
    const line = [
      { x: 5, y: 10 },
      { x: 5, y: 30 }
    ];
    const quality = layoutQuality(nodes, [
      { from: 'a', to: 'b', line, label: null }
    ]);
    expect(quality.edgeNodeCrossings).toBe(0);
  });
});
