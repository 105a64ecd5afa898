/**
 * A signed row's identity and what docker pull makes of it. A tag may be signed with two digests
 * (the admin in `targets`, a signer in `targets/releases`: DCT allows it), so (tag, digest) is a
 * row's identity everywhere: table rows, graph nodes, the Registry column. Which digest docker pull
 * gets is core's (`pulled`: releases first, then targets); this only says it in words.
 */
import { truncateId } from './format.ts';

/** The identity of a signed (tag, digest) pair: a tag has no '@' (docker's tag grammar). */
export const signedRowKey = (tag: string, digest: string | null): string => `${tag}@${digest ?? ''}`;

interface PulledRow {
  tag: string;
  digest: string;
  pulled: boolean;
}

/** For a tag signed with several digests: whether this one is what docker pull gets, and which one it gets. */
export interface PullMark {
  pulled: boolean;
  /** The digest docker pull gets for the tag (hex); null when it gets none of the signed ones. */
  pulledDigest: string | null;
}

/**
 * The pull marks of the rows that need one, by signedRowKey: every row of a tag with several
 * signed digests, and any row docker pull does not get. A tag signed once gets none (nothing to tell).
 */
export function pullMarks(rows: readonly PulledRow[]): ReadonlyMap<string, PullMark> {
  const count = new Map<string, number>();
  const pulled = new Map<string, string>();
  for (const r of rows) {
    count.set(r.tag, (count.get(r.tag) ?? 0) + 1);
    if (r.pulled) pulled.set(r.tag, r.digest);
  }
  const out = new Map<string, PullMark>();
  for (const r of rows) {
    if (count.get(r.tag)! < 2 && r.pulled) continue;
    out.set(signedRowKey(r.tag, r.digest), { pulled: r.pulled, pulledDigest: pulled.get(r.tag) ?? null });
  }
  return out;
}

/** "docker pull gets this" / "shadowed: docker pull gets 397626866f58": the mark's accessible text. */
export function pullText(m: PullMark): string {
  if (m.pulled) return 'docker pull gets this';
  return m.pulledDigest === null
    ? 'shadowed: docker pull gets none of its signed digests'
    : `shadowed: docker pull gets ${truncateId(m.pulledDigest)}`;
}

/** Why, for a tooltip. */
export function pullHelp(m: PullMark): string {
  const order = 'docker pull resolves a tag through targets/releases first, then targets';
  return m.pulled
    ? `docker pull with content trust gets this digest (${order})`
    : `This signature is never used: docker pull with content trust gets ${m.pulledDigest ?? 'another digest'} (${order})`;
}
