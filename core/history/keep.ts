import type { VerifiedObserver } from '../notary/tuf-client.js';
import type { SignedFile } from '../tuf/types.js';
import type { KeptVersion, VersionStore } from './version-store.js';

export { repositoryFiles } from '../notary/tuf-client.js';

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

/** The version store as an observer of the TUF client: every verified state is kept for the history. */
export function keepVerified(store: VersionStore): VerifiedObserver {
  return { verified: (gun, files) => keepFiles(store, gun, files) };
}
