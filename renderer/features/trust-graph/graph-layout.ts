/**
 * Where each node of the trust graph is drawn: one column per layer (empty layers left out), nodes
 * stacked and centred in their column, the column width fitted to the space available.
 */
import { COLUMN_TITLES, type GraphEdge, type GraphNode, type TrustGraph } from './graph-model.ts';

export const NODE_H = 44;
const ROW_GAP = 12;
const COL_GAP = 44;
const PAD = 12;
const HEAD = 26;
const MIN_W = 118;
const MAX_W = 210;

export interface PlacedNode {
  node: GraphNode;
  x: number;
  y: number;
  w: number;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodeWidth: number;
  placed: Map<string, PlacedNode>;
  columns: Array<{ title: string; x: number; nodes: PlacedNode[] }>;
}

export function layoutGraph(graph: TrustGraph, available: number): GraphLayout {
  const used = [...new Set(graph.nodes.map((n) => n.column))].sort((a, b) => a - b);
  const n = Math.max(1, used.length);
  const w = Math.round(Math.min(MAX_W, Math.max(MIN_W, (available - 2 * PAD - (n - 1) * COL_GAP) / n)));
  const tallest = Math.max(1, ...used.map((c) => graph.nodes.filter((x) => x.column === c).length));
  const body = tallest * (NODE_H + ROW_GAP) - ROW_GAP;
  const placed = new Map<string, PlacedNode>();
  const columns = used.map((c, i) => {
    const x = PAD + i * (w + COL_GAP);
    const inColumn = graph.nodes.filter((node) => node.column === c);
    const top = PAD + HEAD + (body - (inColumn.length * (NODE_H + ROW_GAP) - ROW_GAP)) / 2;
    const nodes = inColumn.map((node, j) => {
      const p = { node, x, y: top + j * (NODE_H + ROW_GAP), w };
      placed.set(node.id, p);
      return p;
    });
    return { title: COLUMN_TITLES[c] ?? '', x, nodes };
  });
  return { width: 2 * PAD + n * w + (n - 1) * COL_GAP, height: 2 * PAD + HEAD + body, nodeWidth: w, placed, columns };
}

/** An edge as an SVG path: a curve from the right side of its source to the left side of its target. */
export function edgePath(layout: GraphLayout, e: GraphEdge): string | null {
  const a = layout.placed.get(e.from);
  const b = layout.placed.get(e.to);
  if (!a || !b) return null;
  const ay = a.y + NODE_H / 2;
  const by = b.y + NODE_H / 2;
  if (a.x === b.x) {
    // a signer delegated by another signer (same column): a loop on the left
    return `M ${a.x} ${ay} C ${a.x - 22} ${ay}, ${b.x - 22} ${by}, ${b.x} ${by}`;
  }
  const x1 = a.x + a.w;
  const x2 = b.x;
  const mid = (x2 - x1) / 2;
  return `M ${x1} ${ay} C ${x1 + mid} ${ay}, ${x2 - mid} ${by}, ${x2} ${by}`;
}

/**
 * Where an arrow key goes from `id`: up/down in its column; right/left to the nearest connected
 * node in the next layer, else the nearest node of the next column that has any.
 */
export function neighbour(
  layout: GraphLayout,
  edges: readonly GraphEdge[],
  id: string,
  key: string,
): string | undefined {
  const here = layout.placed.get(id);
  if (!here) return undefined;
  const ci = layout.columns.findIndex((c) => c.nodes.some((p) => p.node.id === id));
  const column = layout.columns[ci]!.nodes;
  const i = column.findIndex((p) => p.node.id === id);
  const nearest = (list: PlacedNode[]): string | undefined =>
    [...list].sort((p, q) => Math.abs(p.y - here.y) - Math.abs(q.y - here.y))[0]?.node.id;
  switch (key) {
    case 'ArrowDown':
      return column[i + 1]?.node.id;
    case 'ArrowUp':
      return column[i - 1]?.node.id;
    case 'ArrowRight':
    case 'ArrowLeft': {
      const right = key === 'ArrowRight';
      const linked = edges
        .filter((e) => (right ? e.from === id : e.to === id))
        .map((e) => layout.placed.get(right ? e.to : e.from))
        .filter((p): p is PlacedNode => p !== undefined && (right ? p.x > here.x : p.x < here.x));
      if (linked.length > 0) {
        // the closest layer first (root's roles before root's keys), then its top node: a tree's first child
        const x = right ? Math.min(...linked.map((p) => p.x)) : Math.max(...linked.map((p) => p.x));
        return linked.filter((p) => p.x === x).sort((p, q) => p.y - q.y)[0]!.node.id;
      }
      const next = layout.columns[right ? ci + 1 : ci - 1];
      return next ? nearest(next.nodes) : undefined;
    }
    case 'Home':
      return layout.columns[0]?.nodes[0]?.node.id;
    case 'End': {
      const last = layout.columns[layout.columns.length - 1]?.nodes;
      return last?.[last.length - 1]?.node.id;
    }
    default:
      return undefined;
  }
}
