/**
 * docker's matchReleasedSignatures (cli/command/trust/inspect.go): one row per (tag, digest) released
 * in `targets` or `targets/releases`, with every role that holds the same tag and digest.
 *
 * Built for 5,000-tag files: targets are visited per file (no object per target), a row's digest is
 * matched by its base64 string first (equal strings are equal digests) and turned into hex only when
 * the strings differ; the rows' hex digests are made all at once (base64ToHexAll), other roles'
 * targets usually need none.
 */
import { mayList, pathsOf } from '../tuf/targets-in-force.js';
import { walkOf } from '../notary/delegation-walk.js';
import type { FileMeta, RoleName, SignedFile, TargetsSigned } from '../tuf/types.js';
import { base64ToHex, base64ToHexAll } from '../util/bytes.js';
import type { TrustedRepository } from '../notary/tuf-client.js';
import type { SignedTagRow } from './view-types.js';
import { RELEASES, signerName } from './names.js';

/** One file's targets in walk order, delegation targets outside the file's paths left out. */
interface Found {
  role: RoleName;
  released: boolean;
  names: string[];
  metas: FileMeta[];
}

/** Targets and verified delegations in walk order (notary GetAllTargetMetadataByName). */
function collectTargets(repo: TrustedRepository, tag: string | undefined): Found[] {
  const out: Found[] = [];
  const visit = (file: SignedFile<TargetsSigned>, paths: string[] | 'all'): void => {
    const targets = file.signed.targets;
    const all = tag === undefined ? Object.keys(targets) : Object.hasOwn(targets, tag) ? [tag] : [];
    const every = paths === 'all' || paths.includes(''); // every name starts with ''
    const names = every ? all : all.filter((name) => mayList(paths, name));
    const metas = new Array<FileMeta>(names.length);
    for (let i = 0; i < names.length; i++) metas[i] = targets[names[i]!]!;
    out.push({ role: file.role, released: file.role === 'targets' || file.role === RELEASES, names, metas });
  };
  const walk = walkOf(repo);
  visit(repo.targets, 'all');
  for (const [role, file] of repo.delegations) visit(file, pathsOf(walk, role));
  return out;
}

/** placeholder until a row's lists are made */
const NONE: never[] = [];

/** Hex of a target's sha256 ('' without one). */
const digestHex = (b64: string | undefined): string => (b64 === undefined ? '' : base64ToHex(b64));

/** Rows for the released (tag, digest) pairs of `repo` (only `tag`'s, if given), in docker's order. */
export function releasedRows(repo: TrustedRepository, tag?: string): SignedTagRow[] {
  const found = collectTargets(repo, tag);
  const rows: SignedTagRow[] = []; // in order of creation; digests filled in once all rows exist
  const rowB64: (string | undefined)[] = []; // the sha256 base64 each row was made from
  let filled = false;
  const rowHex = (at: number): string => (filled ? rows[at]!.digest : digestHex(rowB64[at]));
  // other base64 text can still be the same digest: then the hex decides
  const sameDigest = (at: number, b64: string | undefined): boolean =>
    rowB64[at] === b64 || rowHex(at) === digestHex(b64);

  // tag -> row index (a list only for several digests); made when first needed
  let byTag: Map<string, number | number[]> | undefined;
  const add = (name: string, at: number): void => {
    const had = byTag!.get(name);
    byTag!.set(name, had === undefined ? at : typeof had === 'number' ? [had, at] : [...had, at]);
  };
  const index = (): Map<string, number | number[]> => {
    if (byTag === undefined) {
      byTag = new Map();
      for (let k = 0; k < rows.length; k++) add(rows[k]!.tag, k);
    }
    return byTag;
  };
  const find = (name: string, b64: string | undefined): number => {
    const at = index().get(name);
    if (at === undefined) return -1;
    if (typeof at === 'number') return sameDigest(at, b64) ? at : -1;
    for (let k = 0; k < at.length; k++) if (rowB64[at[k]!] === b64) return at[k]!;
    for (let k = 0; k < at.length; k++) if (sameDigest(at[k]!, b64)) return at[k]!;
    return -1;
  };

  for (const f of found) {
    if (!f.released) continue;
    // the first file with targets cannot repeat a (tag, digest): its names are one object's keys
    const fresh = rows.length === 0;
    for (let i = 0; i < f.names.length; i++) {
      const name = f.names[i]!;
      const meta = f.metas[i]!;
      const b64 = meta.hashes['sha256'];
      if (!fresh && find(name, b64) >= 0) continue;
      if (byTag !== undefined) add(name, rows.length);
      rows.push({ tag: name, digest: '', size: meta.length, signers: NONE, roles: NONE, pulled: true }); // sized below
      rowB64.push(b64);
    }
  }
  const hex = base64ToHexAll(rowB64);
  for (let k = 0; k < rows.length; k++) rows[k]!.digest = hex[k]!;
  filled = true;

  // Which row each target of each file belongs to (-1: none), and how many roles and signers each
  // row gets: the lists are then made at their final size, not grown push by push (10,000 of them).
  const matches: Int32Array[] = [];
  const roleCount = new Int32Array(rows.length);
  const signerCount = new Int32Array(rows.length);
  for (const f of found) {
    const m = new Int32Array(f.names.length);
    let next = 0; // files usually list the rows' tags in the same order: try the row after the last match
    for (let i = 0; i < f.names.length; i++) {
      const name = f.names[i]!;
      const b64 = f.metas[i]!.hashes['sha256'];
      const hinted = next < rows.length && rows[next]!.tag === name && rowB64[next] === b64;
      const k = hinted ? next : find(name, b64);
      m[i] = k;
      if (k < 0) continue;
      next = k + 1;
      roleCount[k]!++;
      if (!f.released) signerCount[k]!++;
    }
    matches.push(m);
  }
  for (let k = 0; k < rows.length; k++) {
    rows[k]!.roles = new Array<RoleName>(roleCount[k]!);
    rows[k]!.signers = new Array<string>(signerCount[k]!);
  }
  const roleAt = new Int32Array(rows.length);
  const signerAt = new Int32Array(rows.length);
  for (let j = 0; j < found.length; j++) {
    const f = found[j]!;
    const m = matches[j]!;
    const signer = f.released ? undefined : signerName(f.role);
    for (let i = 0; i < m.length; i++) {
      const k = m[i]!;
      if (k < 0) continue;
      const row = rows[k]!;
      row.roles[roleAt[k]!++] = f.role;
      if (signer !== undefined) row.signers[signerAt[k]!++] = signer;
    }
  }
  return rows;
}
