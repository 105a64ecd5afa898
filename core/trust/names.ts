/** docker's names for roles and signers, in one place for core, the CLI and the renderer. */
import type { RoleName } from '../tuf/types.js';

/** The delegation every signer's key is also in; what `docker pull` reads first. */
export const RELEASES = 'targets/releases';

/** docker's releasedRoleName: how the repository key (targets) appears as a signer. */
export const REPO_ADMIN = 'Repo Admin';

/** "targets/alice" → "alice" (a delegation's signer name; other roles unchanged). */
export function signerName(role: RoleName): string {
  return role.startsWith('targets/') ? role.slice('targets/'.length) : role;
}

/** docker's notaryRoleToSigner: "targets" and "targets/releases" → "Repo Admin", "targets/alice" → "alice". */
export function roleToSigner(role: RoleName): string {
  return role === 'targets' || role === RELEASES ? REPO_ADMIN : signerName(role);
}
