import type { SignedFile } from '../tuf/types.js';
import type { KeptVersion, VersionStore } from './version-store.js';

/** Keeps verified files (bytes as served) and indexes them by GUN, role and version. */
export async function keepFiles(store: VersionStore, gun: string, files: Iterable<SignedFile>): Promise<void> {
  const entries: KeptVersion[] = await Promise.all(
    [...files].map(async (f) => ({
      gun,
      role: f.role,
      version: f.signed.version,
      sha256: await store.put(f.raw),
      length: f.raw.length,
    })),
  );
  await store.record(entries);
}

/** The files of a verified repository: root, timestamp, snapshot, targets and every delegation. */
export function repositoryFiles(repo: {
  root: SignedFile;
  timestamp: SignedFile;
  snapshot: SignedFile;
  targets: SignedFile;
  delegations: Map<string, SignedFile>;
}): SignedFile[] {
  return [repo.root, repo.timestamp, repo.snapshot, repo.targets, ...repo.delegations.values()];
}
