/**
 * Asking for passphrases, behind one interface: the CLI prompts on a TTY or reads docker's env vars,
 * the desktop app shows a dialog (through the passphrase broker), tests answer in code.
 */
export interface PassphraseRequest {
  /** Canonical key ID; prompts show its first 7 characters. */
  keyId: string;
  /** The key's role alias as docker names it: root, targets, snapshot, a signer name. */
  role: string;
  gun?: string;
  /** True when choosing a passphrase for a new key (ask twice, enforce the minimum length). */
  isNew: boolean;
  /** 1 for the first ask; higher after a wrong passphrase. */
  attempt: number;
  /**
   * 'cosign': the password of a cosign key file (one being imported, or the copy an export writes),
   * not a notary key's passphrase: COSIGN_PASSWORD and cosign's prompts. Its `role` is then 'cosign'.
   * 'pin': a hardware token's user PIN (SIGNET_PKCS11_PIN, "Enter PIN for token ..."), never kept.
   */
  format?: 'cosign' | 'pin';
  /** 'pin': the label of the token whose user PIN is asked (the key is on it). */
  token?: string;
}

export interface PassphraseSource {
  /** The passphrase, or undefined when the user cancelled. */
  get(request: PassphraseRequest): Promise<string | undefined>;
}

/** docker's display alias: root stays root; targets, snapshot and default read "repository". */
export function displayAlias(role: string): string {
  if (role === 'targets' || role === 'snapshot' || role === 'default') return 'repository';
  return role;
}

/**
 * docker's prompt text, e.g. "Enter passphrase for new repository key with ID 731396b: "; for a
 * cosign key file, cosign's ("Enter password for private key: ", "... again: ") naming the file.
 */
export function promptText(req: PassphraseRequest, repeat = false): string {
  if (req.format === 'pin') return `Enter PIN for token "${req.token ?? ''}": `;
  if (req.format === 'cosign') {
    const what = req.keyId ? `the cosign copy of key ${req.keyId.slice(0, 7)}` : 'the cosign private key';
    return `Enter password for ${what}${repeat ? ' again' : ''}: `;
  }
  const alias = displayAlias(req.role);
  const id = req.keyId.slice(0, 7);
  if (repeat) return `Repeat passphrase for new ${alias} key with ID ${id}: `;
  return req.isNew
    ? `Enter passphrase for new ${alias} key with ID ${id}: `
    : `Enter passphrase for ${alias} key with ID ${id}: `;
}

export const MIN_PASSPHRASE_LENGTH = 8;
export const MAX_PASSPHRASE_ATTEMPTS = 3;
