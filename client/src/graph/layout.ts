/**
 * A small deterministic layered layout (Sugiyama style) for the stage graph, top to bottom: what is
 * used above what uses it.
 *
 * 1. Layers by longest path: a stage sits one layer below the lowest thing it uses; an image sits
 *    just above its first user, so an image used only by the last stage is not drawn at the top.
 * 2. Edges longer than one layer get a chain of virtual points, one per layer crossed, so they are
 *    routed between nodes and take part in the ordering.
 * 3. Order within layers: file order first, then barycentric sweeps down and up, each followed by
 *    swaps of neighbours that remove crossings; the ordering with the fewest crossings wins (ties
 *    keep the earlier one, so the result never depends on timing).
 * 4. Coordinates: layers centred, then nodes pulled towards their neighbours (see below); edge ends
 *    spread along a node's side in the order of the nodes at the other end. Every number is an integer.
 *
 * Kept over @dagrejs/dagre and elkjs after comparing them on the corpus (bench/graph-layout.mjs; the
 * figures and the reasons: docs/architecture.md, "The stage graph").
 */
import type { GraphEdge, StageGraph } from './graph';

export interface Point {
  x: number;
  y: number;
}

export interface LaidNode {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  layer: number;
  /** Position in its layer, from the left. */
  order: number;
}

export interface LaidEdge {
  id: string;
  from: string;
  to: string;
  /** From the bottom of the used node to the top of the user, through the virtual points. */
  points: Point[];
  /** Where the edge's label goes: on the last segment, above the user. */
  label: Point;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: LaidNode[];
  edges: LaidEdge[];
  /** Crossings between edge segments in the chosen order (0 for a tree). */
  crossings: number;
}

export const SIZES = {
  stage: { width: 200, height: 62 },
  image: { width: 180, height: 34 },
  virtual: { width: 16, height: 0 },
  nodeGap: 32,
  layerGap: 64,
  margin: 16,
};

const SWEEPS = 8;
const COORDINATE_PASSES = 8;

interface Item {
  id: string;
  kind: 'stage' | 'image' | 'virtual';
  width: number;
  height: number;
  key: number;
}

/** Which nodes each node uses (`preds`) and is used by (`succs`), by id. */
type Neighbours = Map<string, string[]>;

/** The graph cut into layers, long edges routed through virtual points. */
interface Layered {
  items: Map<string, Item>;
  /** Item ids per layer, top first, in the initial order. */
  layers: string[][];
  /** Per item, the items one layer up and one layer down it is linked to. */
  up: Neighbours;
  down: Neighbours;
  /** Per edge, the items it passes: its ends and the virtual points between. */
  chains: Map<string, string[]>;
}

export function layoutGraph(graph: StageGraph): GraphLayout {
  const ids = graph.nodes.map((node) => node.id);
  const preds: Neighbours = new Map(ids.map((id) => [id, []]));
  const succs: Neighbours = new Map(ids.map((id) => [id, []]));
  const edges = graph.edges.filter((edge) => preds.has(edge.from) && preds.has(edge.to) && edge.from !== edge.to);
  for (const edge of edges) {
    preds.get(edge.to)!.push(edge.from);
    succs.get(edge.from)!.push(edge.to);
  }
  const { layer, layerCount } = assignLayers(graph, preds, succs);
  const layered = addVirtualPoints(graph, edges, layer, layerCount, initialKeys(graph, succs));
  const { best, crossings } = orderLayers(layered, layerCount);
  const left = placeHorizontally(best, layered);
  const { placed, width, height } = placeNodes(best, layered.items, left);
  const laidEdges = routeEdges(edges, layered, placed);
  const nodes = graph.nodes.map((node) => placed.get(node.id)!);
  nodes.sort((a, b) => a.layer - b.layer || a.order - b.order);
  return { width, height, nodes, edges: laidEdges, crossings };
}

/**
 * 1. Layers. Stages only use earlier stages, but a cycle in bad input must not loop: a node met
 * again while its layer is being computed counts as layer 0.
 */
function assignLayers(graph: StageGraph, preds: Neighbours, succs: Neighbours): { layer: Map<string, number>; layerCount: number } {
  const layer = new Map<string, number>();
  const visiting = new Set<string>();
  const depth = (id: string): number => {
    const known = layer.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const value = preds.get(id)!.reduce((max, p) => Math.max(max, depth(p) + 1), 0);
    visiting.delete(id);
    layer.set(id, value);
    return value;
  };
  for (const node of graph.nodes) depth(node.id);
  for (const node of graph.nodes) {
    const users = succs.get(node.id)!;
    if (node.kind === 'image' && users.length) layer.set(node.id, Math.max(0, Math.min(...users.map((u) => layer.get(u)!)) - 1));
  }
  // Keep layers contiguous (an image pulled down can leave layer 0 empty).
  const used = [...new Set(layer.values())].sort((a, b) => a - b);
  for (const [id, value] of layer) layer.set(id, used.indexOf(value));
  return { layer, layerCount: used.length };
}

/**
 * Initial order: stages in file order, an image just before its first user (virtual points go after
 * the node they come from, see `addVirtualPoints`).
 */
function initialKeys(graph: StageGraph, succs: Neighbours): Map<string, number> {
  const fileKey = new Map<string, number>();
  graph.nodes.forEach((node, i) => {
    if (node.kind === 'stage') fileKey.set(node.id, node.stage ?? i);
  });
  for (const node of graph.nodes) {
    if (node.kind !== 'image') continue;
    const users = succs.get(node.id)!.map((u) => fileKey.get(u) ?? 0);
    fileKey.set(node.id, (users.length ? Math.min(...users) : graph.nodes.length) - 0.5);
  }
  return fileKey;
}

/** 2. Items per layer, with virtual points for long edges, each layer in the initial order. */
function addVirtualPoints(graph: StageGraph, edges: GraphEdge[], layer: Map<string, number>, layerCount: number, fileKey: Map<string, number>): Layered {
  const items = new Map<string, Item>();
  const layers: string[][] = Array.from({ length: layerCount }, () => []);
  const add = (item: Item, at: number) => {
    items.set(item.id, item);
    layers[at].push(item.id);
  };
  for (const node of graph.nodes) add({ id: node.id, kind: node.kind, ...SIZES[node.kind], key: fileKey.get(node.id)! }, layer.get(node.id)!);
  const up: Neighbours = new Map();
  const down: Neighbours = new Map();
  const link = (a: string, b: string) => {
    (down.get(a) ?? down.set(a, []).get(a)!).push(b);
    (up.get(b) ?? up.set(b, []).get(b)!).push(a);
  };
  const chains = new Map<string, string[]>();
  for (const edge of edges) {
    const chain = [edge.from];
    for (let l = layer.get(edge.from)! + 1; l < layer.get(edge.to)!; l++) {
      const id = `v:${edge.id}:${l}`;
      add({ id, kind: 'virtual', ...SIZES.virtual, key: fileKey.get(edge.from)! + 0.25 }, l);
      chain.push(id);
    }
    chain.push(edge.to);
    for (let i = 1; i < chain.length; i++) link(chain[i - 1], chain[i]);
    chains.set(edge.id, chain);
  }
  for (const ids of layers) sortStable(ids, (id) => items.get(id)!.key);
  return { items, layers, up, down, chains };
}

/** Crossings between the segments of adjacent layers in this order. */
function crossingsOf(order: string[][], down: Neighbours): number {
  let total = 0;
  for (let l = 0; l + 1 < order.length; l++) {
    const below = new Map(order[l + 1].map((id, i) => [id, i]));
    const segments: [number, number][] = [];
    order[l].forEach((id, i) => {
      for (const next of down.get(id) ?? []) segments.push([i, below.get(next)!]);
    });
    for (let a = 0; a < segments.length; a++) {
      for (let b = a + 1; b < segments.length; b++) {
        const [a0, a1] = segments[a];
        const [b0, b1] = segments[b];
        if ((a0 - b0) * (a1 - b1) < 0) total++;
      }
    }
  }
  return total;
}

/** 3. Barycentric sweeps, keeping the best ordering seen. */
function orderLayers({ layers, up, down }: Layered, layerCount: number): { best: string[][]; crossings: number } {
  let best = layers.map((ids) => [...ids]);
  let bestCrossings = crossingsOf(best, down);
  const current = layers.map((ids) => [...ids]);
  for (let sweep = 0; sweep < SWEEPS && bestCrossings > 0; sweep++) {
    const downward = sweep % 2 === 0;
    const range = downward ? [...Array(layerCount).keys()].slice(1) : [...Array(layerCount).keys()].reverse().slice(1);
    for (const l of range) {
      const reference = current[downward ? l - 1 : l + 1];
      const position = new Map(reference.map((id, i) => [id, i]));
      const own = new Map(current[l].map((id, i) => [id, i]));
      const neighbours = downward ? up : down;
      const barycentre = (id: string) => {
        const around = (neighbours.get(id) ?? []).map((n) => position.get(n)).filter((p): p is number => p !== undefined);
        // Without neighbours in that layer a node keeps its place, scaled to the other layer's width.
        if (!around.length) return (own.get(id)! * Math.max(1, reference.length)) / Math.max(1, current[l].length);
        return around.reduce((sum, p) => sum + p, 0) / around.length;
      };
      sortStable(current[l], barycentre);
    }
    transpose(current, up, down);
    const crossings = crossingsOf(current, down);
    if (crossings < bestCrossings) {
      best = current.map((ids) => [...ids]);
      bestCrossings = crossings;
    }
  }
  return { best, crossings: bestCrossings };
}

/**
 * After a sweep, neighbours in a layer swap while that strictly removes crossings (with the layers
 * above and below), so ties keep the order the sweep gave.
 */
function transpose(order: string[][], up: Neighbours, down: Neighbours): void {
  const position = new Map(order.flatMap((ids) => ids.map((id, i) => [id, i] as const)));
  const crossingsIfFirst = (u: string, v: string) => {
    let count = 0;
    for (const around of [up, down]) for (const a of around.get(u) ?? []) for (const b of around.get(v) ?? []) if (position.get(a)! > position.get(b)!) count++;
    return count;
  };
  for (let improved = true, round = 0; improved && round < SWEEPS; round++) {
    improved = false;
    for (const ids of order) {
      for (let i = 0; i + 1 < ids.length; i++) {
        if (crossingsIfFirst(ids[i + 1], ids[i]) >= crossingsIfFirst(ids[i], ids[i + 1])) continue;
        [ids[i], ids[i + 1]] = [ids[i + 1], ids[i]];
        position.set(ids[i], i).set(ids[i + 1], i + 1);
        improved = true;
      }
    }
  }
}

/**
 * 4. Coordinates. Layers first centred, then a few passes move every node towards the mean centre
 * of its neighbours in the layer above (down passes) or below (up passes), keeping order and gaps:
 * one placement packed from the left and one from the right, both as close to that wish as the
 * gaps allow, averaged (the mean of two placements that keep the gaps keeps them too). The left
 * edge of each item, not yet shifted into the margin.
 */
function placeHorizontally(best: string[][], { items, up, down }: Layered): Map<string, number> {
  const layerWidth = (ids: string[]) => ids.reduce((sum, id) => sum + items.get(id)!.width, 0) + SIZES.nodeGap * Math.max(0, ids.length - 1);
  const widest = Math.max(0, ...best.map(layerWidth));
  const left = new Map<string, number>();
  for (const ids of best) {
    let x = (widest - layerWidth(ids)) / 2;
    for (const id of ids) {
      left.set(id, x);
      x += items.get(id)!.width + SIZES.nodeGap;
    }
  }
  const mid = (id: string) => left.get(id)! + items.get(id)!.width / 2;
  for (let pass = 0; pass < COORDINATE_PASSES; pass++) {
    const downward = pass % 2 === 0;
    const order = downward ? best.slice(1) : best.slice(0, -1).reverse();
    for (const ids of order) {
      const wish = ids.map((id) => {
        const around = (downward ? up : down).get(id) ?? [];
        const centre = around.length ? around.reduce((sum, n) => sum + mid(n), 0) / around.length : mid(id);
        return centre - items.get(id)!.width / 2;
      });
      const fromLeft: number[] = [];
      ids.forEach((_id, i) => {
        fromLeft.push(i === 0 ? wish[i] : Math.max(wish[i], fromLeft[i - 1] + items.get(ids[i - 1])!.width + SIZES.nodeGap));
      });
      const fromRight: number[] = [];
      for (let i = ids.length - 1; i >= 0; i--) {
        fromRight[i] = i === ids.length - 1 ? wish[i] : Math.min(wish[i], fromRight[i + 1] - items.get(ids[i])!.width - SIZES.nodeGap);
      }
      ids.forEach((id, i) => left.set(id, (fromLeft[i] + fromRight[i]) / 2));
    }
  }
  return left;
}

/** Integer positions inside the margin, each layer as high as its highest item; the drawing's size. */
function placeNodes(best: string[][], items: Map<string, Item>, left: Map<string, number>): { placed: Map<string, LaidNode>; width: number; height: number } {
  const shift = left.size ? SIZES.margin - Math.min(...left.values()) : 0;
  const placed = new Map<string, LaidNode>();
  let y = SIZES.margin;
  best.forEach((ids, l) => {
    const height = Math.max(0, ...ids.map((id) => items.get(id)!.height));
    ids.forEach((id, order) => {
      const item = items.get(id)!;
      placed.set(id, {
        id,
        x: Math.round(left.get(id)! + shift),
        y: y + Math.round((height - item.height) / 2),
        width: item.width,
        height: item.height,
        layer: l,
        order,
      });
    });
    y += height + SIZES.layerGap;
  });
  const width = Math.max(SIZES.margin, ...[...placed.values()].map((node) => node.x + node.width)) + SIZES.margin;
  const height = y - SIZES.layerGap + SIZES.margin;
  return { placed, width, height };
}

/**
 * Edge ends spread along the bottom (outgoing) and the top (incoming) of a node, ordered by where
 * the other end of each segment is, so edges leaving or entering one node do not cross there.
 */
function routeEdges(edges: GraphEdge[], { up, down, chains }: Layered, placed: Map<string, LaidNode>): LaidEdge[] {
  const centre = (id: string) => placed.get(id)!.x + placed.get(id)!.width / 2;
  const sortedEnds = new Map<string, Map<string, number>>();
  const spread = (id: string, others: string[], other: string, side: 'top' | 'bottom') => {
    const node = placed.get(id)!;
    if (node.width === 0 || others.length <= 1) return centre(id);
    const key = `${side}:${id}`;
    let sorted = sortedEnds.get(key);
    if (!sorted) {
      const ends = [...others];
      sortStable(ends, centre);
      sortedEnds.set(key, (sorted = new Map(ends.map((end, i) => [end, i]))));
    }
    const slot = sorted.get(other)!;
    return node.x + (node.width * (slot + 1)) / (others.length + 1);
  };
  return edges.map((edge) => {
    const chain = chains.get(edge.id)!;
    const points: Point[] = chain
      .map((id, i) => {
        const node = placed.get(id)!;
        if (i === 0) return { x: spread(id, down.get(id) ?? [], chain[1], 'bottom'), y: node.y + node.height };
        if (i === chain.length - 1) return { x: spread(id, up.get(id) ?? [], chain[i - 1], 'top'), y: node.y };
        return { x: centre(id), y: node.y };
      })
      .map((p) => ({ x: Math.round(p.x), y: Math.round(p.y) }));
    // Labels of the edges entering one node sit at different heights of the gap above it.
    const entering = [...(up.get(edge.to) ?? [])];
    sortStable(entering, centre);
    const slot = entering.indexOf(chain[chain.length - 2]);
    const [a, b] = points.slice(-2);
    const labelY = Math.max(a.y, b.y - Math.round((SIZES.layerGap * (slot + 1)) / (entering.length + 1)));
    return { id: edge.id, from: edge.from, to: edge.to, points, label: { x: Math.round(curveX(a, b, labelY)), y: labelY } };
  });
}

/** The SVG path of an edge: one cubic curve per segment, leaving and entering vertically. */
export function edgePath(points: Point[]): string {
  let d = `M${points[0].x},${points[0].y}`;
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    const middle = (a.y + b.y) / 2;
    d += ` C${a.x},${middle} ${b.x},${middle} ${b.x},${b.y}`;
  }
  return d;
}

/** x of the segment's curve (as drawn by edgePath) at height y, by bisection (the curve goes down). */
export function curveX(a: Point, b: Point, y: number): number {
  const middle = (a.y + b.y) / 2;
  const at = (t: number, p0: number, p1: number, p2: number, p3: number) =>
    (1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t ** 2 * p2 + t ** 3 * p3;
  let low = 0;
  let high = 1;
  for (let i = 0; i < 30; i++) {
    const t = (low + high) / 2;
    if (at(t, a.y, middle, middle, b.y) < y) low = t;
    else high = t;
  }
  return at((low + high) / 2, a.x, a.x, b.x, b.x);
}

/** Sorts in place by key; equal keys keep their order (Array.prototype.sort is stable since ES2019). */
function sortStable<T>(items: T[], key: (item: T) => number): void {
  const keys = new Map(items.map((item) => [item, key(item)]));
  items.sort((a, b) => keys.get(a)! - keys.get(b)!);
}
