/**
 * Hundreds of signed tags in the trust graph. Above GROUP_ABOVE tags, the Signed tags column holds
 * one node per signer set (the roles that hold a tag, so every tag of a group has the same edges
 * in) with its count, and under each group a node that shows its tags and hides them again; an
 * open group's page of PAGE tags follows it, between nodes to the previous and next page, so the
 * graph is no taller for 5,000 tags than for 50 and needs no more columns than it has. Pure: the
 * graph drawn is a function of the whole graph and of which groups are open, at which page.
 */
import type { GraphEdge, GraphNode, TrustGraph } from './graph-model.ts';

/** More signed tags than this are drawn as groups. */
export const GROUP_ABOVE = 24;
/** Tags of a group shown at a time. */
export const PAGE = 12;

/** Open group node ID → the index of the first of its tags shown (a page of PAGE); closed groups are absent. */
export type OpenGroups = ReadonlyMap<string, number>;

const COLUMN = 4;

const byteCompare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
/** "Repo Admin" for targets, the signer's name for a delegation (releases included: it tells groups apart). */
const roleWords = (roles: readonly string[]): string =>
  roles.map((r) => (r === 'targets' ? 'Repo Admin' : r.replace(/^targets\//, ''))).join(', ');

export const groupNodeId = (roles: readonly string[]): string => `tags:${[...roles].sort(byteCompare).join('+')}`;
export const toggleNodeId = (group: string): string => `${group}:toggle`;
export const nextNodeId = (group: string): string => `${group}:next`;
export const previousNodeId = (group: string): string => `${group}:previous`;

/** A node of an open group's page (a tag, the previous and next page): drawn under its group, indented. */
export const isPageMember = (node: GraphNode): boolean =>
  node.group !== undefined && (node.kind === 'tag' || node.action === 'next' || node.action === 'previous');

interface Group {
  id: string;
  roles: string[];
  tags: GraphNode[];
}

/** The tag nodes of the graph by group, groups in role order (Repo Admin's first). */
export function tagGroups(graph: TrustGraph): Group[] {
  const groups = new Map<string, Group>();
  for (const node of graph.nodes) {
    if (node.kind !== 'tag') continue;
    const roles = [...(node.tagRoles ?? [])].sort(byteCompare);
    const id = groupNodeId(roles);
    const g = groups.get(id) ?? { id, roles, tags: [] };
    g.tags.push(node);
    groups.set(id, g);
  }
  return [...groups.values()].sort((a, b) => byteCompare(a.id, b.id));
}

function named(node: Omit<GraphNode, 'name'>): GraphNode {
  return { ...node, name: `${node.title}, ${node.detail}: ${node.about}` };
}

/** "25–36 of 150": the tags a page holds. */
const range = (from: number, to: number, n: number): string => `${from + 1}–${to} of ${n}`;

/** The graph as drawn: every tag when there are few; else groups, and the shown page of each open one. */
export function groupTags(graph: TrustGraph, open: OpenGroups): TrustGraph {
  const groups = tagGroups(graph);
  const total = groups.reduce((n, g) => n + g.tags.length, 0);
  if (total <= GROUP_ABOVE) return graph;

  const nodes = graph.nodes.filter((n) => n.kind !== 'tag');
  const groupOf = new Map<string, string>();
  const action = (g: Group, node: Omit<GraphNode, 'name' | 'kind' | 'column' | 'group'>): void => {
    nodes.push(named({ ...node, kind: 'group-action', column: COLUMN, group: g.id }));
  };
  for (const g of groups) {
    const n = g.tags.length;
    const start = open.get(g.id);
    const from = start === undefined ? 0 : Math.min(Math.max(0, start), Math.floor((n - 1) / PAGE) * PAGE);
    const to = Math.min(n, from + PAGE);
    const by = roleWords(g.roles);
    for (const t of g.tags) groupOf.set(t.id, g.id);
    nodes.push(
      named({
        id: g.id,
        kind: 'tag-group',
        column: COLUMN,
        title: plural(n, 'tag'),
        detail: `by ${by}`,
        about: `group of ${plural(n, 'signed tag')} held by ${g.roles.join(', ')}, ${start === undefined ? 'closed' : `${range(from, to, n)} shown`}`,
        tagRoles: g.roles,
        group: g.id,
      }),
    );
    if (start === undefined) {
      action(g, {
        id: toggleNodeId(g.id),
        title: 'Show tags',
        detail: `${Math.min(PAGE, n)} of ${n} at a time`,
        about: `shows the tags of the group by ${by}`,
        action: 'open',
      });
      continue;
    }
    action(g, {
      id: toggleNodeId(g.id),
      title: 'Hide tags',
      detail: `${range(from, to, n)} shown`,
      about: `hides the tags of the group by ${by}`,
      action: 'close',
    });
    if (from > 0)
      action(g, {
        id: previousNodeId(g.id),
        title: `Previous ${PAGE}`,
        detail: range(from - PAGE, from, n),
        about: `shows the ${PAGE} tags before these of the group by ${by}`,
        action: 'previous',
      });
    for (const t of g.tags.slice(from, to)) nodes.push({ ...t, group: g.id });
    if (to < n)
      action(g, {
        id: nextNodeId(g.id),
        title: `Next ${Math.min(PAGE, n - to)}`,
        detail: range(to, Math.min(n, to + PAGE), n),
        about: `shows the next tags of the group by ${by}`,
        action: 'next',
      });
  }

  // an edge into a tag goes into its group instead (once): the group's members are drawn under it
  const seen = new Set<string>();
  const into: GraphEdge[] = [];
  for (const e of graph.edges) {
    const g = groupOf.get(e.to);
    const edge = g === undefined ? e : { from: e.from, to: g };
    const key = `${edge.from}>${edge.to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    into.push(edge);
  }
  return { ...graph, nodes, edges: into, hiddenTags: 0 };
}

/**
 * What a group action does to the open groups, and the node that then has the focus: the toggle
 * itself (show, hide), or the first tag of the page "next" or "previous" brought in.
 */
export function applyGroupAction(
  graph: TrustGraph,
  open: OpenGroups,
  node: GraphNode,
): { open: Map<string, number>; focus: string } {
  const next = new Map(open);
  const group = node.group!;
  if (node.action === 'close') {
    next.delete(group);
    return { open: next, focus: node.id };
  }
  if (node.action === 'open') {
    next.set(group, 0);
    return { open: next, focus: node.id };
  }
  const tags = tagGroups(graph).find((g) => g.id === group)?.tags ?? [];
  const from = Math.max(0, (open.get(group) ?? 0) + (node.action === 'next' ? PAGE : -PAGE));
  next.set(group, from);
  return { open: next, focus: tags[from]?.id ?? node.id };
}
