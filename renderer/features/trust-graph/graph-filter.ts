/**
 * What choosing a node of the trust graph shows in the tables: the signed tags, signers and
 * administrative keys that node covers. A table the node says nothing about stays whole (root
 * covers every tag: it filters the keys only).
 */
import type { AdminKey, SignedTagRow, SignerRow, TrustView } from '../../lib/types.ts';
import type { GraphNode, TrustGraph } from './graph-model.ts';

type AdminRole = 'root' | 'targets' | 'snapshot' | 'timestamp';

export interface GraphFilter {
  /** What was chosen, in words ("signer alice", "key 1a2b3c4d5e6f"). */
  label: string;
  tags?: (row: SignedTagRow) => boolean;
  signers?: (row: SignerRow) => boolean;
  keys?: (key: AdminKey, role: AdminRole) => boolean;
}

const isTargetsRole = (role: string): boolean => role === 'targets' || role.startsWith('targets/');
const within = (role: string, delegation: string): boolean => role === delegation || role.startsWith(`${delegation}/`);

export function graphFilter(graph: TrustGraph, node: GraphNode): GraphFilter {
  switch (node.kind) {
    case 'root':
      return { label: 'the root role', keys: (_k, role) => role === 'root' };
    case 'role': {
      const role = node.role!;
      return {
        label: `the ${role} role`,
        keys: (_k, r) => r === role,
        ...(role === 'targets' ? { tags: (t: SignedTagRow) => t.roles.includes('targets') } : {}),
      };
    }
    case 'signer': {
      const role = node.role!;
      return {
        label: `signer ${node.title}`,
        tags: (t) => t.roles.some((r) => within(r, role)),
        ...(node.listed ? { signers: (s: SignerRow) => within(s.role, role) } : {}),
      };
    }
    case 'key': {
      const id = node.keyId!;
      const roles = graph.keyRoles.get(node.id) ?? [];
      const signs = roles.some(isTargetsRole);
      const admin = roles.some((r) => !r.startsWith('targets/'));
      return {
        label: `key ${node.title}`,
        ...(signs ? { tags: (t: SignedTagRow) => t.roles.some((r) => roles.includes(r)) } : {}),
        ...(roles.some((r) => r.startsWith('targets/')) ? { signers: (s: SignerRow) => s.keyIds.includes(id) } : {}),
        ...(admin ? { keys: (k: AdminKey) => k.canonicalId === id || k.id === id } : {}),
      };
    }
    case 'tag': {
      const { tag, digest } = node as { tag: string; digest: string };
      const roles = node.tagRoles ?? [];
      return {
        label: `signed tag ${tag}${node.pulled === undefined ? '' : ` (${digest.slice(0, 12)})`}`,
        tags: (t) => t.tag === tag && t.digest === digest,
        signers: (s) => roles.includes(s.role),
      };
    }
    case 'tag-group': {
      // the tags held by exactly these roles (graph-groups.ts)
      const roles = node.tagRoles ?? [];
      return {
        label: `the group of ${node.title} ${node.detail}`,
        tags: (t) => t.roles.length === roles.length && t.roles.every((r) => roles.includes(r)),
        signers: (s) => roles.includes(s.role),
      };
    }
    case 'group-action':
      return { label: node.title };
  }
}

/** The view with only the rows the filter keeps (tables it does not filter stay whole). */
export function filterView(view: TrustView, f: GraphFilter): TrustView {
  const a = view.administrativeKeys;
  const keys = (list: AdminKey[], role: AdminRole): AdminKey[] =>
    f.keys ? list.filter((k) => f.keys!(k, role)) : list;
  return {
    ...view,
    signedTags: f.tags ? view.signedTags.filter(f.tags) : view.signedTags,
    signers: f.signers ? view.signers.filter(f.signers) : view.signers,
    administrativeKeys: {
      root: keys(a.root, 'root'),
      repository: keys(a.repository, 'targets'),
      snapshot: keys(a.snapshot, 'snapshot'),
      timestamp: keys(a.timestamp, 'timestamp'),
    },
  };
}
