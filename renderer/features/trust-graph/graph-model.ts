/**
 * The trust graph of a repository, from its trust view: root → the roles it delegates (targets,
 * snapshot, timestamp) → signers (delegations, with their paths and threshold) → keys (and who
 * holds each: you, the server, nobody known here) → signed tags. Pure, so the SVG, its keyboard
 * navigation and the table filters all read the same nodes and edges.
 */
import type { KeyHolder, TrustView } from '../../../electron/ipc/contract.ts';
import { signersText, truncateId } from '../../lib/format.ts';
import { pullMarks, pullText, signedRowKey } from '../../lib/signed-rows.ts';

/** `tag-group` and `group-action`: many tags drawn as groups (graph-groups.ts). */
export type GraphNodeKind = 'root' | 'role' | 'signer' | 'key' | 'tag' | 'tag-group' | 'group-action';

export interface GraphNode {
  id: string;
  kind: GraphNodeKind;
  /** 0 root, 1 base roles, 2 signers, 3 keys, 4 signed tags (or their groups). */
  column: number;
  /** The two lines drawn in the box. */
  title: string;
  detail: string;
  /** The accessible name: the box's two lines first (as they read), then what the node is. */
  name: string;
  /** What the node is, in words (the end of its accessible name). */
  about: string;
  role?: string;
  /** Canonical key ID (names the private key file; what the Signers table lists). */
  keyId?: string;
  holder?: KeyHolder;
  tag?: string;
  /** A signed tag's digest (hex): a tag signed with two digests has a node for each. */
  digest?: string;
  /** A tag signed with several digests: whether docker pull gets this one (undefined: signed once). */
  pulled?: boolean;
  /** A signer the Signers table lists (docker leaves "releases" out). */
  listed?: boolean;
  /** A signed tag's roles (targets, delegations) that hold it; a group's: the roles each of its tags has. */
  tagRoles?: string[];
  /** A group of tags, a tag drawn in it, or one of its actions: the group's node ID. */
  group?: string;
  /** What a `group-action` node does: show the group's tags, hide them, show its next or previous page. */
  action?: 'open' | 'close' | 'next' | 'previous';
}

export interface GraphEdge {
  from: string;
  to: string;
}

export interface TrustGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Roles each key signs for (key node id → role names). */
  keyRoles: Map<string, string[]>;
  /** Signed tags not drawn (more than `maxTags`); the Signed tags table has them all. */
  hiddenTags: number;
}

export const COLUMN_TITLES = ['Root', 'Roles', 'Signers', 'Keys', 'Signed tags'];

export const HOLDER_TEXT: Record<KeyHolder, string> = {
  local: 'you (this computer)',
  server: 'the server',
  unknown: 'not on this computer',
};

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const pathsText = (paths: readonly string[]): string =>
  paths.length === 1 && paths[0] === '' ? 'all paths' : paths.length === 0 ? 'no paths' : paths.join(', ');
export const roleNodeId = (role: string): string => `role:${role}`;
export const keyNodeId = (canonicalId: string): string => `key:${canonicalId}`;
/** A signed tag's node: (tag, digest) is its identity, as a Signed tags row's. */
export const tagNodeId = (tag: string, digest: string): string => `tag:${signedRowKey(tag, digest)}`;

/** A holder known for sure wins over "not on this computer" when a key is listed twice. */
const stronger = (a: KeyHolder | undefined, b: KeyHolder): KeyHolder => (a === undefined || a === 'unknown' ? b : a);

export function buildTrustGraph(view: TrustView, maxTags = 16): TrustGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const threshold = new Map(view.roles.map((r) => [r.role, r.threshold]));
  const tagCount = (role: string): number => view.signedTags.filter((t) => t.roles.includes(role)).length;
  const a = view.administrativeKeys;

  nodes.push({
    id: roleNodeId('root'),
    kind: 'root',
    column: 0,
    title: 'root',
    detail: `${plural(a.root.length, 'key')}, threshold ${threshold.get('root') ?? 1}`,
    name: '',
    about: 'the root role, which delegates to targets, snapshot and timestamp',
    role: 'root',
  });
  const base: Array<['targets' | 'snapshot' | 'timestamp', number, string]> = [
    ['targets', a.repository.length, `repository key, ${plural(tagCount('targets'), 'signed tag')}`],
    ['snapshot', a.snapshot.length, 'pins every role version'],
    ['timestamp', a.timestamp.length, 'pins the snapshot'],
  ];
  for (const [role, n, what] of base) {
    nodes.push({
      id: roleNodeId(role),
      kind: 'role',
      column: 1,
      title: role,
      detail: `${plural(n, 'key')}, threshold ${threshold.get(role) ?? 1}`,
      name: '',
      about: `the ${role} role: ${what}`,
      role,
    });
    edges.push({ from: roleNodeId('root'), to: roleNodeId(role) });
  }

  // docker lists no "releases" signer, but it is a delegation like the others: drawn from its role status
  const listed = new Set(view.signers.map((s) => s.role));
  const local = new Set(view.signers.flatMap((s) => s.localKeyIds));
  const unlisted = view.roles
    .filter((r) => r.role.startsWith('targets/') && !listed.has(r.role))
    .map((r) => ({
      name: r.role.slice('targets/'.length),
      role: r.role,
      keyIds: r.keyIds,
      threshold: r.threshold,
      paths: undefined as string[] | undefined,
      localKeyIds: r.keyIds.filter((id) => local.has(id)),
      skipped: undefined as string | undefined,
    }));
  const signers = [...view.signers, ...unlisted].sort((x, y) => (x.role < y.role ? -1 : x.role > y.role ? 1 : 0));
  for (const s of signers) {
    const parent = s.role.slice(0, s.role.lastIndexOf('/'));
    const trusted = s.skipped ? `; not trusted: ${s.skipped}` : '';
    const paths = s.paths ? `, ${pathsText(s.paths)}` : '';
    nodes.push({
      id: roleNodeId(s.role),
      kind: 'signer',
      column: 2,
      title: s.name,
      detail: `threshold ${s.threshold} of ${s.keyIds.length}${paths}`,
      name: '',
      about: `signer ${s.role}, ${plural(tagCount(s.role), 'signed tag')}${trusted}`,
      role: s.role,
      listed: listed.has(s.role),
    });
    edges.push({ from: roleNodeId(parent), to: roleNodeId(s.role) });
  }

  // keys, each once (by canonical ID), in the order of the roles that use them
  const keys = new Map<string, { holder: KeyHolder; roles: string[] }>();
  const addKey = (canonicalId: string, role: string, holder: KeyHolder): void => {
    const k = keys.get(canonicalId) ?? { holder, roles: [] };
    k.holder = stronger(k.holder, holder);
    if (!k.roles.includes(role)) k.roles.push(role);
    keys.set(canonicalId, k);
    edges.push({ from: roleNodeId(role), to: keyNodeId(canonicalId) });
  };
  for (const k of a.root) addKey(k.canonicalId, 'root', k.holder);
  for (const k of a.repository) addKey(k.canonicalId, 'targets', k.holder);
  for (const k of a.snapshot) addKey(k.canonicalId, 'snapshot', k.holder);
  for (const k of a.timestamp) addKey(k.canonicalId, 'timestamp', k.holder);
  for (const s of signers)
    for (const id of s.keyIds) addKey(id, s.role, s.localKeyIds.includes(id) ? 'local' : 'unknown');
  const keyRoles = new Map<string, string[]>();
  for (const [id, k] of keys) {
    keyRoles.set(keyNodeId(id), k.roles);
    nodes.push({
      id: keyNodeId(id),
      kind: 'key',
      column: 3,
      title: truncateId(id),
      detail: HOLDER_TEXT[k.holder],
      name: '',
      about: `key held by ${HOLDER_TEXT[k.holder]}, signs for ${k.roles.join(', ')}`,
      keyId: id,
      holder: k.holder,
    });
  }

  const shown = view.signedTags.slice(0, maxTags);
  const marks = pullMarks(view.signedTags);
  for (const t of shown) {
    const id = tagNodeId(t.tag, t.digest);
    const mark = marks.get(signedRowKey(t.tag, t.digest));
    nodes.push({
      id,
      kind: 'tag',
      column: 4,
      title: t.tag,
      detail: truncateId(t.digest) + (mark ? (mark.pulled ? ', pulled' : ', shadowed') : ''),
      name: '',
      about: `signed tag, signed by ${signersText(t.signers)}${mark ? `; ${pullText(mark)}` : ''}`,
      tag: t.tag,
      digest: t.digest,
      ...(mark ? { pulled: mark.pulled } : {}),
      tagRoles: [...t.roles],
    });
    const from = new Set<string>();
    for (const [key, k] of keys) if (k.roles.some((r) => t.roles.includes(r))) from.add(keyNodeId(key));
    for (const f of from) edges.push({ from: f, to: id });
  }
  for (const node of nodes) node.name = `${node.title}, ${node.detail}: ${node.about}`;
  return { nodes, edges, keyRoles, hiddenTags: view.signedTags.length - shown.length };
}
