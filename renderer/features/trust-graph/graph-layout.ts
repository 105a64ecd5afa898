/**
 * Where each node of the trust graph is drawn: one column per layer (empty layers left out), nodes
 * stacked and centred in their column (an open group of tags with its page under it, indented),
 * the column width fitted to the space available.
 */
import { isPageMember } from './graph-groups.ts';
import { COLUMN_TITLES, type GraphEdge, type GraphNode, type TrustGraph } from './graph-model.ts';

/** A box: its title line, and its detail on one line (two when the column is narrow). */
const LINE_1 = 44;
const LINE_2 = 58;
const ROW_GAP = 12;
const PAD = 12;
const HEAD = 26;
const MIN_W = 108;
const MAX_W = 210;
/** Average width of a character of the detail line (11 px), to wrap it before it is clipped. */
const DETAIL_CHAR = 6.2;

export interface PlacedNode {
  node: GraphNode;
  x: number;
  y: number;
  w: number;
  /** Column index in the layout (empty layers left out). */
  col: number;
  /** The detail, wrapped to the box. */
  detail: string[];
}

export interface GraphLayout {
  width: number;
  height: number;
  nodeWidth: number;
  nodeHeight: number;
  placed: Map<string, PlacedNode>;
  columns: Array<{ title: string; x: number; nodes: PlacedNode[] }>;
  /** SVG paths joining an open group to the members of its page (a tree's lines). */
  connectors: string[];
}

/** Greedy word wrap to `max` characters a line, at most two lines (the rest stays on the second, clipped). */
export function wrap(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const cut = text.lastIndexOf(' ', max);
  if (cut <= 0) return [text];
  return [text.slice(0, cut), text.slice(cut + 1)];
}

/** How far an open group's page is indented under the group. */
const INDENT = 14;

export function layoutGraph(graph: TrustGraph, available: number): GraphLayout {
  const used = [...new Set(graph.nodes.map((n) => n.column))].sort((a, b) => a - b);
  const n = Math.max(1, used.length);
  const gap = available < 900 ? 26 : 44;
  const w = Math.round(Math.min(MAX_W, Math.max(MIN_W, (available - 2 * PAD - (n - 1) * gap) / n)));
  const widthOf = (node: GraphNode): number => (isPageMember(node) ? w - INDENT : w);
  const details = new Map(
    graph.nodes.map((node) => [node.id, wrap(node.detail, Math.floor((widthOf(node) - 14) / DETAIL_CHAR))]),
  );
  const h = [...details.values()].some((d) => d.length > 1) ? LINE_2 : LINE_1;
  const inColumn = (c: number): GraphNode[] => graph.nodes.filter((node) => node.column === c);
  // an open group's page is not centred with the rest: it follows its group, pushing what is below down
  const centred = (c: number): number => inColumn(c).filter((node) => !isPageMember(node)).length;
  const tallest = Math.max(1, ...used.map(centred));
  const body = tallest * (h + ROW_GAP) - ROW_GAP;
  const placed = new Map<string, PlacedNode>();
  const connectors: string[] = [];
  let bottom = PAD + HEAD + body;
  const columns = used.map((c, i) => {
    const x = PAD + i * (w + gap);
    const top = PAD + HEAD + (body - (centred(c) * (h + ROW_GAP) - ROW_GAP)) / 2;
    let next = top;
    let k = 0;
    let branch: { from: number; ticks: number[] } | null = null;
    const nodes = inColumn(c).map((node) => {
      const member = isPageMember(node);
      const y = member ? next : Math.max(next, top + k++ * (h + ROW_GAP));
      if (member) (branch ??= { from: next - ROW_GAP, ticks: [] }).ticks.push(y + h / 2);
      else if (branch) {
        connectors.push(treeLines(x + INDENT / 2, x + INDENT, branch));
        branch = null;
      }
      next = y + h + ROW_GAP;
      bottom = Math.max(bottom, y + h);
      const p: PlacedNode = {
        node,
        x: member ? x + INDENT : x,
        y,
        w: widthOf(node),
        col: i,
        detail: details.get(node.id)!,
      };
      placed.set(node.id, p);
      return p;
    });
    if (branch) connectors.push(treeLines(x + INDENT / 2, x + INDENT, branch));
    return { title: COLUMN_TITLES[c] ?? '', x, nodes };
  });
  return {
    width: 2 * PAD + n * w + (n - 1) * gap,
    height: bottom + PAD,
    nodeWidth: w,
    nodeHeight: h,
    placed,
    columns,
    connectors,
  };
}

/** A tree's lines: down from the node above the members, and across to each member. */
function treeLines(x: number, to: number, branch: { from: number; ticks: number[] }): string {
  const last = branch.ticks[branch.ticks.length - 1]!;
  return `M ${x} ${branch.from} V ${last} ${branch.ticks.map((y) => `M ${x} ${y} H ${to}`).join(' ')}`;
}

/** The y of the gap between boxes of a column (or above or below them) closest to `y`. */
function gapNear(layout: GraphLayout, col: number, y: number): number {
  const nodes = layout.columns[col]!.nodes;
  if (nodes.length === 0) return y;
  const gaps = [nodes[0]!.y - ROW_GAP / 2, ...nodes.map((p) => p.y + layout.nodeHeight + ROW_GAP / 2)];
  return gaps.reduce((best, g) => (Math.abs(g - y) < Math.abs(best - y) ? g : best));
}

/**
 * An edge as an SVG path from the right side of its source to the left side of its target. An
 * edge that skips layers (root to its keys) passes between the boxes of the layers it crosses,
 * never behind one, so no box seems to be where it starts.
 */
export function edgePath(layout: GraphLayout, e: GraphEdge): string | null {
  const a = layout.placed.get(e.from);
  const b = layout.placed.get(e.to);
  if (!a || !b) return null;
  const mid = layout.nodeHeight / 2;
  const ay = a.y + mid;
  const by = b.y + mid;
  if (a.col === b.col) {
    // a signer delegated by another signer (same column): a loop on the left
    return `M ${a.x} ${ay} C ${a.x - 22} ${ay}, ${b.x - 22} ${by}, ${b.x} ${by}`;
  }
  const points: Array<[number, number]> = [[a.x + a.w, ay]];
  for (let c = a.col + 1; c < b.col; c++) {
    const col = layout.columns[c]!;
    const t = (col.x - (a.x + a.w)) / (b.x - (a.x + a.w));
    const y = gapNear(layout, c, ay + (by - ay) * t);
    points.push([col.x, y], [col.x + layout.nodeWidth, y]);
  }
  points.push([b.x, by]);
  let d = `M ${points[0]![0]} ${points[0]![1]}`;
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1]!;
    const [x1, y1] = points[i]!;
    if (y0 === y1) d += ` L ${x1} ${y1}`;
    else {
      const m = (x1 - x0) / 2;
      d += ` C ${x0 + m} ${y0}, ${x1 - m} ${y1}, ${x1} ${y1}`;
    }
  }
  return d;
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
  const ci = here.col;
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
