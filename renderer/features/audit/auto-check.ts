/**
 * The Signed tags table's Registry column, checked without being asked when the repository is
 * small enough to check quickly (one HEAD per tag): when it is shown and has never been checked
 * this session, and again after its trust data changed (a tag signed or revoked). Larger ones are
 * checked on request. Only trust data read from the server: cached data means the servers are not
 * answering.
 */
import { useEffect, useRef } from 'react';
import { useApp } from '../../store/index.ts';

/** Repositories with at most this many signed tags are checked against the registry automatically. */
export const AUTO_CHECK_MAX = 500;

/** Checks `gun` against the registry as said above; returns whether it does so (false: on request). */
export function useAutomaticRegistryCheck(gun: string, reference: string): boolean {
  const view = useApp((s) => s.views[reference]?.view);
  const status = useApp((s) => s.registryChecks[gun]?.status);
  const checkRegistry = useApp((s) => s.checkRegistry);
  const seen = useRef<string | null>(null);
  const automatic = view !== undefined && view.gun === gun && view.signedTags.length <= AUTO_CHECK_MAX;
  // what was checked: the trust data as of these role versions
  const key = automatic && view.source === 'remote' ? view.roles.map((r) => `${r.role}@${r.version}`).join(' ') : null;
  useEffect(() => {
    if (key === null || status === 'checking' || seen.current === key) return;
    const first = seen.current === null;
    seen.current = key;
    // checked already (by the Audit view, or before this table was shown): not again until the data changes
    if (first && status !== undefined) return;
    void checkRegistry(gun);
  }, [key, status, gun, checkRegistry]);
  return automatic;
}
