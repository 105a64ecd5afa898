/**
 * docker's matchReleasedSignatures (cli/command/trust/inspect.go): one row per (tag, digest) released
 * in `targets` or `targets/releases`, with every role that holds the same tag and digest.
 *
 * Built for 5,000-tag files: targets are visited per file (no object per target), a row's digest is
 * matched by its base64 string first (equal strings are equal digests) and turned into hex only when
 * the strings differ; the rows' hex digests are made all at once (base64ToHexAll), other roles'
 * targets usually need none.
 */
import { pathAllowed } from '../tuf/delegations.js';
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
  const visit = (file: SignedFile<TargetsSigned>, paths: string[] | undefined): void => {
    const targets = file.signed.targets;
    const all = tag === undefined ? Object.keys(targets) : tag in targets ? [tag] : [];
    const names: string[] = [];
    const metas: FileMeta[] = [];
    const every = paths === undefined || paths.includes(''); // every name starts with ''
    for (let i = 0; i < all.length; i++) {
      const name = all[i]!;
      if (every || pathAllowed(name, paths)) {
        names.push(name);
        metas.push(targets[name]!);
      }
    }
    out.push({ role: file.role, released: file.role === 'targets' || file.role === RELEASES, names, metas });
  };
  visit(repo.targets, undefined);
  for (const [role, file] of repo.delegations) visit(file, repo.delegationRoles.get(role)?.effectivePaths ?? []);
  return out;
}

/** Hex of a target's sha256 ('' without one). */
const digestHex = (b64: string | undefined): string => (b64 === undefined ? '' : base64ToHex(b64));

/** Rows for the released (tag, digest) pairs of `repo` (only `tag`'s, if given), in docker's order. */
export function releasedRows(repo: TrustedRepository, tag?: string): SignedTagRow[] {
  const found = collectTargets(repo, tag);
  const rows: SignedTagRow[] = []; // in order of creation; digests filled in once all rows exist
  const rowB64: (string | undefined)[] = []; // the sha256 base64 each row was made from
  const byTag = new Map<string, number | number[]>(); // tag -> row index (a list only for several digests)
  let filled = false;
  const rowHex = (at: number): string => (filled ? rows[at]!.digest : digestHex(rowB64[at]));
  const find = (name: string, b64: string | undefined): number => {
    const at = byTag.get(name);
    if (at === undefined) return -1;
    if (typeof at === 'number') {
      // other base64 text can still be the same digest: then compare the hex
      return rowB64[at] === b64 || rowHex(at) === digestHex(b64) ? at : -1;
    }
    for (let k = 0; k < at.length; k++) if (rowB64[at[k]!] === b64) return at[k]!;
    const hex = digestHex(b64);
    for (let k = 0; k < at.length; k++) if (rowHex(at[k]!) === hex) return at[k]!;
    return -1;
  };
  for (const f of found) {
    if (!f.released) continue;
    for (let i = 0; i < f.names.length; i++) {
      const name = f.names[i]!;
      const meta = f.metas[i]!;
      const b64 = meta.hashes['sha256'];
      if (find(name, b64) >= 0) continue;
      const at = byTag.get(name);
      byTag.set(
        name,
        at === undefined ? rows.length : typeof at === 'number' ? [at, rows.length] : [...at, rows.length],
      );
      rows.push({ tag: name, digest: '', size: meta.length, signers: [], roles: [] });
      rowB64.push(b64);
    }
  }
  const hex = base64ToHexAll(rowB64);
  for (let k = 0; k < rows.length; k++) rows[k]!.digest = hex[k]!;
  filled = true;
  for (const f of found) {
    const signer = f.released ? undefined : signerName(f.role);
    for (let i = 0; i < f.names.length; i++) {
      const k = find(f.names[i]!, f.metas[i]!.hashes['sha256']);
      if (k < 0) continue;
      const row = rows[k]!;
      row.roles.push(f.role);
      if (signer !== undefined) row.signers.push(signer);
    }
  }
  return rows;
}
