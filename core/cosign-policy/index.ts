/**
 * The policy folder of `signet migrate --policy-dir`: per repository, the signers' public keys,
 * verify.sh (cosign verify for every migrated tag) and admission policies mirroring the DCT roles
 * (Kyverno, Sigstore policy-controller, containers-policy.json); a README.md at the top.
 * Pure text: core/node/policy-dir.ts writes it.
 */
import { clusterImagePolicy } from './policy-controller.js';
import { containersPolicy, containersRegistriesD } from './containers-policy.js';
import { kyvernoPolicy } from './kyverno.js';
import { badInput, repositoryFolder } from './names.js';
import { checkRepository } from './policy-keys.js';
import { POLICY_README } from './readme.js';
import type { PolicyFile, PolicyInput } from './types.js';
import { verifyScript } from './verify-script.js';

export type { PolicyFile, PolicyInput, PolicySigner, PolicyTag } from './types.js';
export { cosignVerifyFlags, shQuote } from './verify-script.js';

/**
 * The files for these repositories, paths relative to the policy folder. A repository with no
 * signer gets no folder (nothing of it was carried over). Throws BAD_INPUT for a repository named
 * twice, or two whose folders would be the same, or input that is not what its field says.
 */
export function policyFiles(inputs: readonly PolicyInput[]): PolicyFile[] {
  const files: PolicyFile[] = [];
  const folders = new Map<string, string>();
  for (const input of inputs) {
    if (input.signers.length === 0 && input.tags.length === 0) continue;
    const repo = checkRepository(input);
    const folder = repositoryFolder(repo.repository);
    const clash = folders.get(folder.toLowerCase());
    if (clash !== undefined) {
      throw badInput(
        clash === repo.repository
          ? `${repo.repository} is listed twice`
          : `${clash} and ${repo.repository} would share the folder ${folder}`,
        'write the policies of these repositories in separate runs, to different folders',
      );
    }
    folders.set(folder.toLowerCase(), repo.repository);
    const at = (name: string): string => `${folder}/${name}`;
    for (const k of repo.keys) files.push({ path: at(k.file), text: k.pem });
    const checks = repo.tags.flatMap((t) =>
      t.keys.map((k) => ({ tag: t.tag, digest: t.digest, signer: k.name, keyFile: k.file })),
    );
    files.push({
      path: at('verify.sh'),
      text: verifyScript(repo.repository, checks, repo.insecureRegistry),
      mode: 0o755,
    });
    files.push({
      path: at('kyverno-clusterpolicy.yaml'),
      text: kyvernoPolicy(repo.repository, repo.keys, repo.insecureRegistry),
    });
    files.push({ path: at('cluster-image-policy.yaml'), text: clusterImagePolicy(repo.repository, repo.keys) });
    files.push({ path: at('containers-policy.json'), text: containersPolicy(repo.repository, repo.keys) });
    files.push({ path: at('containers-registries.d.yaml'), text: containersRegistriesD(repo.repository) });
  }
  if (files.length > 0) files.push({ path: 'README.md', text: POLICY_README });
  refuseFileFolderClash(files);
  return files;
}

/** `host/team` keeps `alice.pub`, so a repository `host/team/alice.pub` cannot have its folder there. */
function refuseFileFolderClash(files: readonly PolicyFile[]): void {
  const folders = new Set(
    files.flatMap((f) => {
      const parts = f.path.toLowerCase().split('/');
      return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('/'));
    }),
  );
  const clash = files.find((f) => folders.has(f.path.toLowerCase()));
  if (clash) {
    throw badInput(
      `${clash.path} would be both a file and the folder of a repository`,
      'write the policies of that repository in a separate run, to another folder',
    );
  }
}
