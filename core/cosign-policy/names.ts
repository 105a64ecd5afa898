/**
 * Names of what policyFiles() writes: a folder per repository, a key file per signer, a
 * Kubernetes object name per policy. Each is safe on every file system Signet runs on (no `..`,
 * no separators, no device names, no characters Windows refuses) and distinct for distinct inputs.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { SignetError } from '../errors.js';
import { toHex, utf8 } from '../util/bytes.js';

export const REPO_ADMIN = 'Repo Admin';

/** CON, NUL, COM1... are devices on Windows whatever their extension. */
const DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;
const MAX_COMPONENT = 80;

/** One path component: letters, digits, `.`, `_`, `-`; never empty, `.`/`..`, hidden, or a device name. */
export function safeComponent(raw: string): string {
  let s = raw.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.]+/, (dots) => '_'.repeat(dots.length));
  if (s.length > MAX_COMPONENT) s = `${s.slice(0, MAX_COMPONENT - 9)}-${shortHash(raw)}`;
  if (s === '') s = '_';
  if (DEVICE.test(s)) s = `_${s}`;
  return s;
}

/** The folder of a repository: `127.0.0.1:5000/team/app` → `127.0.0.1_5000/team/app`. */
export function repositoryFolder(repository: string): string {
  return repository.split('/').map(safeComponent).join('/');
}

/** The key file's name for a signer, without `.pub`: `alice`, `repo-admin` for Repo Admin. */
export function signerStem(name: string): string {
  if (name === REPO_ADMIN) return 'repo-admin';
  return safeComponent(name.trim().replace(/\s+/g, '-'));
}

/** 8 hex digits of SHA-256: tells apart names that a cleaning made equal. */
export function shortHash(s: string): string {
  return toHex(sha256(utf8(s))).slice(0, 8);
}

/**
 * A Kubernetes object name (DNS-1123 label, at most 63 characters) for the policy of a repository:
 * `signet-dct-127-0-0-1-5000-team-app-<hash>`; the hash keeps `team/a-b` and `team/a/b` apart.
 */
export function kubernetesName(repository: string): string {
  const slug = repository
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const room = 63 - 'signet-dct-'.length - 9;
  return `signet-dct-${slug.slice(0, room).replace(/-+$/, '')}-${shortHash(repository)}`;
}

/**
 * Key file stems for the signers, in their order, all different (also ignoring case, for
 * case-insensitive file systems): a clash is settled with the signer's key ID.
 */
export function signerStems(names: readonly { name: string; keyId: string }[]): string[] {
  const taken = new Set<string>();
  return names.map(({ name, keyId }) => {
    let stem = signerStem(name);
    if (taken.has(stem.toLowerCase())) stem = `${stem}-${safeComponent(keyId).slice(0, 12)}`;
    for (let n = 2; taken.has(stem.toLowerCase()); n++) stem = `${signerStem(name)}-${n}`;
    taken.add(stem.toLowerCase());
    return stem;
  });
}

export function badInput(message: string, hint: string): SignetError {
  return new SignetError('BAD_INPUT', `policies: ${message}`, { hint });
}
