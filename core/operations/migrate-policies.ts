/**
 * What `signet migrate --policy-dir` and the app's Export policies write: per repository, the keys
 * of the signatures now in cosign (migrated or already there), verify.sh and admission policies
 * (core/cosign-policy). In a dry run, what will be there once migrated.
 */
import { spkiOf } from '../cosign/target.js';
import { policyFiles, type PolicyFile, type PolicyInput, type PolicySigner } from '../cosign-policy/index.js';
import { encodePem } from '../crypto/pem.js';
import { isLoopbackDomain, parseImageReference } from '../registry/reference.js';
import type { MigrateReport } from './migrate.js';

export function migratePolicyInputs(report: MigrateReport): PolicyInput[] {
  const inputs: PolicyInput[] = [];
  for (const repo of report.repositories) {
    const signers = new Map<string, PolicySigner>();
    const tags = new Map<string, { digest: string; signers: Set<string> }>();
    for (const r of repo.rows) {
      const done = r.state === 'migrated' || r.state === 'already' || (report.dryRun && r.state === 'planned');
      if (!done || !r.key || r.signedDigest === null) continue;
      // one name per key: "Repo Admin" may sign with the repository key and with a releases key
      const first = signers.get(r.signers[0]!);
      const name = !first || first.keyId === r.key.id ? r.signers[0]! : `${r.signers[0]!} ${r.key.id.slice(0, 7)}`;
      signers.set(name, {
        name,
        role: r.role ?? '',
        keyId: r.key.id,
        publicKeyPem: encodePem('PUBLIC KEY', spkiOf(r.key.publicKey)),
      });
      // a tag signed with two digests: the policy pins the one docker pull gets, as DCT resolved it
      if (r.pulled === false) continue;
      const digest = `sha256:${r.signedDigest}`;
      const had = tags.get(r.tag);
      tags.set(r.tag, { digest, signers: (had?.signers ?? new Set<string>()).add(name) });
    }
    if (signers.size === 0) continue;
    inputs.push({
      repository: repo.name,
      signers: [...signers.values()],
      tags: [...tags].map(([tag, t]) => ({ tag, digest: t.digest, signers: [...t.signers] })),
      insecureRegistry: isLoopbackDomain(parseImageReference(repo.name).domain),
    });
  }
  return inputs;
}

/** The policy folder's files for a migration (nothing when no signature is in cosign). */
export function migratePolicyFiles(report: MigrateReport): PolicyFile[] {
  const inputs = migratePolicyInputs(report);
  return inputs.length === 0 ? [] : policyFiles(inputs);
}
