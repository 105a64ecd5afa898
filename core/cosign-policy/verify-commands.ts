/**
 * The `cosign verify` commands verify.sh runs, one per migrated tag and signer, for a person to
 * read and copy (the app's Migrate dialog): the key file named as the policy folder names it, so
 * the command runs as it is in the repository's folder of the exported policies.
 */
import { repositoryFolder } from './names.js';
import { checkRepository } from './policy-keys.js';
import type { PolicyInput } from './types.js';
import { cosignVerifyFlags, shQuote } from './verify-script.js';

export interface VerifyCommand {
  repository: string;
  tag: string;
  /** `sha256:<hex>`. */
  digest: string;
  signer: string;
  /** The repository's folder in the policy folder, where the key file is. */
  folder: string;
  /** The key file, relative to `folder`. */
  keyFile: string;
  /** `cosign verify --key alice.pub [flags] repository@digest`. */
  command: string;
}

/** A shell word: as it is when nothing in it is special to the shell, else single-quoted. */
const word = (s: string): string => (/^[A-Za-z0-9_./:@=+-]+$/.test(s) ? s : shQuote(s));

export function verifyCommands(inputs: readonly PolicyInput[]): VerifyCommand[] {
  return inputs.flatMap((input) => {
    const repo = checkRepository(input);
    const flags = cosignVerifyFlags(repo.insecureRegistry);
    const folder = repositoryFolder(repo.repository);
    return repo.tags.flatMap((t) =>
      t.keys.map((k) => ({
        repository: repo.repository,
        tag: t.tag,
        digest: t.digest,
        signer: k.name,
        folder,
        keyFile: k.file,
        command: ['cosign', 'verify', '--key', k.file, ...flags, `${repo.repository}@${t.digest}`].map(word).join(' '),
      })),
    );
  });
}
