/**
 * Who signed what in DCT, and with which key a migration carries it over: the cosign signatures
 * mirror docker's Signers column. For each tag DCT signs (inspect's rows, the one set of trust
 * rules: nothing outside a delegation's paths), each signer docker names for its digest signs it
 * with its own role's key (`targets/<name>`); "Repo Admin" signs with the repository key when the
 * tag is in `targets`, else with the key of the delegation that holds it (`targets/releases`
 * written straight by the notary CLI).
 */
import type { CryptoProvider } from '../crypto/provider.js';
import type { PublicKeyJSON } from '../crypto/key-types.js';
import { roleKeys } from '../trust/role-keys.js';
import type { TrustedRepository } from '../notary/tuf-client.js';
import { REPO_ADMIN, RELEASES } from '../trust/names.js';
import type { SignedTagRow } from '../trust/view-types.js';
import type { RoleName } from '../tuf/types.js';

/** One signature DCT holds for a tag's digest, and the keys that could make it again. */
export interface DctSignature {
  tag: string;
  /** Hex sha256 of the signed manifest (docker's DIGEST). */
  digest: string;
  /** docker's signer name, or "Repo Admin". */
  signer: string;
  /** The role whose key signs it. */
  role: RoleName;
  /** That role's version (where the signature came from). */
  version: number;
  /** The role's keys: canonical ID → key as its parent lists it. */
  keys: Map<string, PublicKeyJSON>;
  /** The digest is what docker pull gets for the tag (false: shadowed by another signed digest). */
  pulled: boolean;
}

const versionOf = (repo: TrustedRepository, role: RoleName): number =>
  (role === 'targets' ? repo.targets : repo.delegations.get(role))?.signed.version ?? 0;

/** Every DCT signature of the released rows (inspect's), one per (tag, signer). */
export function dctSignatures(repo: TrustedRepository, rows: SignedTagRow[], crypto: CryptoProvider): DctSignature[] {
  const out: DctSignature[] = [];
  for (const row of rows) {
    const signers: Array<[string, RoleName]> =
      row.signers.length > 0
        ? [...new Set(row.signers)].sort().map((s): [string, RoleName] => [s, `targets/${s}`])
        : [[REPO_ADMIN, row.roles.includes('targets') ? 'targets' : (row.roles[0] ?? RELEASES)]];
    for (const [signer, role] of signers) {
      out.push({
        tag: row.tag,
        digest: row.digest,
        signer,
        role,
        version: versionOf(repo, role),
        pulled: row.pulled,
        keys: roleKeys(repo, role, crypto),
      });
    }
  }
  return out;
}
