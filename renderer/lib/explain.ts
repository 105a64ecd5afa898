/**
 * ErrorDTO code → a plain-language cause and what to do, for reads (server, TUF verification) and
 * writes (keys, passphrases, publishing). The error's own hint, when the main process gave one, is
 * the first thing to do; these sentences explain the code around it.
 */
import type { ErrorDTO, IpcErrorCode } from '../../electron/ipc/contract.ts';

export interface Explanation {
  /** Short heading. */
  title: string;
  /** What went wrong, for someone who has never heard of TUF. */
  cause: string;
  /** What to do, when nothing more specific (the hint) is known. */
  action?: string;
  /** Where in Signet to do it, shown with the hint too. */
  inApp?: string;
}

// every code (the type says so): a new one cannot reach the user as "Something went wrong"
const E: Record<IpcErrorCode, Explanation> = {
  HTTP_UNREACHABLE: {
    title: 'Server unreachable',
    cause:
      'Signet could not connect to the trust (notary) server: it is down, the address is wrong, or a network or proxy blocks it.',
    action: 'Check the trust server address for this registry and that the server is running.',
  },
  HTTP_TIMEOUT: {
    title: 'The server did not answer in time',
    cause: 'The trust server accepted the connection but did not reply before the time limit.',
    action: 'Try again later; if it keeps happening, check the server load or your network.',
  },
  HTTP_TLS: {
    title: 'Secure connection failed (TLS)',
    cause:
      'The trust server’s certificate could not be verified: it is self-signed, signed by an unknown CA, expired, or issued for another name.',
    action: 'Add the server’s CA certificate for this host, or fix the server certificate.',
  },
  HTTP_INSECURE: {
    title: 'Insecure connection refused',
    cause: 'The server is only reachable over plain HTTP, which Signet does not use for this host.',
  },
  HTTP_UNAUTHORIZED: {
    title: 'Authentication needed',
    cause: 'The server asked for credentials and none, or wrong ones, were available.',
    action: 'Log in to the registry (docker login) so Signet can use your credentials.',
  },
  HTTP_FORBIDDEN: {
    title: 'Access denied',
    cause: 'The server knows who you are but does not allow you to read this repository’s trust data.',
    action: 'Ask the repository owner for access.',
  },
  HTTP_NOT_FOUND: {
    title: 'Not found',
    cause: 'The server has no trust data for this repository: it was never signed, or the name is misspelled.',
  },
  HTTP_BAD_REQUEST: { title: 'Request rejected', cause: 'The server rejected the request as malformed.' },
  HTTP_SERVER_ERROR: {
    title: 'Server error',
    cause: 'The trust server failed while answering (an HTTP 5xx error).',
    action: 'Try again later or tell the server’s administrator.',
  },
  HTTP_TOO_LARGE: { title: 'Response too large', cause: 'The server sent more data than Signet accepts for one file.' },
  NOTARY_NOT_INITIALIZED: {
    title: 'Not signed yet',
    cause: 'This repository has no trust data on the server: nobody has signed a tag or initialized it.',
    action: 'Sign a tag or initialize the repository to start using content trust.',
  },
  NOTARY_REJECTED: { title: 'Rejected by the trust server', cause: 'The notary server refused the update.' },
  TUF_EXPIRED: {
    title: 'Trust data expired',
    cause: 'A signed metadata file is past its expiry date, so its contents can no longer be trusted.',
    action: 'The holder of that role’s key must re-sign it (renew).',
  },
  TUF_BAD_SIGNATURE: {
    title: 'Signature does not verify',
    cause:
      'A metadata file’s signature is not valid: the data was changed after signing, or was signed with the wrong key. It may have been tampered with.',
    action: 'Do not trust this repository’s data until its owner has checked it.',
  },
  TUF_THRESHOLD: {
    title: 'Not enough valid signatures',
    cause: 'A metadata file is not signed by enough of the keys its role requires. It may have been tampered with.',
  },
  TUF_UNKNOWN_KEY: {
    title: 'Signed by an unknown key',
    cause: 'A file is signed by a key that the repository’s root does not list.',
  },
  TUF_ROLLBACK: {
    title: 'Older data than before (rollback)',
    cause:
      'The server sent metadata older than what Signet already trusted. This is what a replay or rollback attack looks like.',
  },
  TUF_HASH_MISMATCH: {
    title: 'Data does not match its checksum',
    cause: 'A metadata file differs from the hash its parent role signed: it was changed or corrupted in transit.',
  },
  TUF_LENGTH_MISMATCH: {
    title: 'Data has the wrong length',
    cause: 'A metadata file’s size differs from the size its parent role signed.',
  },
  TUF_TOO_LARGE: { title: 'Metadata too large', cause: 'A metadata file is larger than allowed.' },
  TUF_MALFORMED: { title: 'Malformed trust data', cause: 'A metadata file is not valid TUF JSON.' },
  TUF_WRONG_TYPE: {
    title: 'Unexpected metadata',
    cause: 'A metadata file claims to be a different role than expected.',
  },
  TUF_BAD_ROOT: {
    title: 'Root of trust changed or invalid',
    cause:
      'The repository’s root metadata does not verify against the root Signet trusted before. The keys may have been rotated without a valid chain, or the data was tampered with.',
  },
  TUF_PIN_MISMATCH: {
    title: 'Root does not match its pin',
    cause:
      'This repository is pinned to a root certificate (or a CA) in Signet’s config file, and the trust server now serves a root signed by another key. Either the repository’s owner replaced its root key, or someone is serving you data that is not theirs. Signet refused it and kept nothing.',
    action:
      'Ask the repository’s owner whether they replaced the root key, and compare the new root certificate ID with the one they give you. Only then change the pin; until then, do not use this repository’s data.',
    inApp:
      'Settings → Trust pinning shows the pins and the config file they are saved in (the CLI reads the same file).',
  },
  TUF_TOFU_DISABLED: {
    title: 'Repository not pinned',
    cause:
      'Trust on first use is turned off in Signet’s config file, so a repository is only read when a pin covers it: its root certificate IDs, or a CA for its name’s prefix. This one has no pin.',
    action: 'Get the repository’s root certificate ID from its owner and pin it, or turn trust on first use back on.',
    inApp: 'Both are in Settings → Trust pinning.',
  },
  BAD_REFERENCE: {
    title: 'Not a valid image reference',
    cause: 'The name is not a valid image reference such as example/app or registry.example.com:5000/team/app.',
  },
  BAD_CONFIG: {
    title: 'Configuration problem',
    cause: 'A configuration file (docker config, settings, trust pinning) could not be used.',
  },
  CACHE_IO: { title: 'Local cache problem', cause: 'Signet could not read or write its local copy of the trust data.' },
  KEY_STORE: {
    title: 'Key store unavailable',
    cause: 'The OS keychain or the docker trust directory could not be used.',
  },
  IPC_UNTRUSTED_SENDER: { title: 'Request refused', cause: 'The main process refused a request from this window.' },
  IPC_BAD_ARGUMENTS: {
    title: 'Request refused',
    cause: 'The main process refused a request it could not read (a fault in Signet, not in your data).',
    action: 'Restart Signet and try again; please report it if it happens again.',
  },
  IPC_UNKNOWN_CHANNEL: {
    title: 'Request refused',
    cause: 'This window asked for something the main process does not offer (a fault in Signet).',
    action: 'Restart Signet; please report it if it happens again.',
  },
  INTERNAL: {
    title: 'Something went wrong',
    cause: 'An unexpected error occurred in Signet. Nothing was published.',
    action: 'Try again; staged changes were kept. Please report it if it happens again.',
  },

  // keys and writes
  KEY_CANCELLED: {
    title: 'Cancelled',
    cause: 'No passphrase was given, so the key could not be used and nothing was signed or published.',
    action: 'Staged changes were kept: publish them again when you are ready, or discard them.',
  },
  KEY_WRONG_PASSPHRASE: {
    title: 'Wrong passphrase',
    cause: 'The passphrase did not decrypt the key, three times in a row. Nothing was signed or published.',
    action: 'Check the passphrase (it is case-sensitive) and try again; staged changes were kept.',
  },
  KEY_NOT_FOUND: {
    title: 'Key not on this computer',
    cause: 'The private key this operation needs is in neither the OS keychain nor the docker trust directory.',
    action: 'Import the key (Keys → Import keys), from the trust directory of the machine that created it.',
  },
  KEY_UNSUPPORTED: {
    title: 'Key format not supported',
    cause: 'The key file is in a format or uses an algorithm Signet cannot read.',
  },
  NO_SIGNING_KEYS: {
    title: 'No key that can sign here',
    cause: 'You hold neither the repository key nor the key of a signer of this repository.',
    action: 'Import the repository key or your signer key, or ask the administrator to add you as a signer.',
  },
  PUBLISH_CONFLICT: {
    title: 'Someone published at the same time',
    cause: 'The trust server already has newer data than the version these changes were built on.',
    action: 'Retry: Signet fetches the new data and applies the staged changes on top of it.',
  },
  BAD_INPUT: { title: 'Cannot do that', cause: 'The request was refused as it stands.' },
  ENGINE_UNREACHABLE: {
    title: 'No Docker engine',
    cause:
      'Signet found no running Docker engine where docker looks for one (DOCKER_HOST, the current docker context, else the default socket), so a local image cannot be pushed.',
    action: 'Start Docker (or podman system service), or push the image with docker first and sign the registry’s tag.',
  },
  ENGINE_NO_IMAGE: {
    title: 'No such local image',
    cause:
      'The Docker engine holds no image with this repository and tag, and the registry does not have the tag either.',
    action: 'Build or tag the image first (docker tag), or pick a tag the registry has.',
  },
  ENGINE_PUSH_FAILED: {
    title: 'The push failed',
    cause: 'The Docker engine could not push the image to the registry. Nothing was signed.',
    action: 'Check your registry login (docker login) and that the registry accepts pushes, then try again.',
  },
  CANCELLED: { title: 'Cancelled', cause: 'You stopped it before it finished. Nothing was signed.' },

  // hardware tokens
  TOKEN_MODULE: {
    title: 'Hardware tokens not available',
    cause: 'The PKCS#11 module (the token maker’s library) could not be loaded, or none is set.',
    inApp: 'Settings → Hardware tokens: choose the module (libykcs11 for a YubiKey, opensc-pkcs11, libsofthsm2).',
  },
  TOKEN_ABSENT: {
    title: 'Hardware token not inserted',
    cause: 'The key this needs lives on a hardware token that is not plugged in. Nothing was signed or published.',
    action: 'Insert the token and try again; staged changes were kept.',
  },
  TOKEN_PIN_INCORRECT: {
    title: 'Wrong PIN',
    cause: 'The token refused the PIN. A token locks its PIN after a few wrong ones (a YubiKey: 3).',
    action: 'Check the PIN before trying again; staged changes were kept.',
  },
  TOKEN_PIN_LOCKED: {
    title: 'Token PIN locked',
    cause: 'Too many wrong PINs: the token refuses every PIN until it is unlocked.',
    action: 'Unlock it with the token’s own tool and its PUK or security officer PIN, then try again.',
  },
  TOKEN_UNSUPPORTED: {
    title: 'Token cannot hold these keys',
    cause: 'Docker and notary keys are ECDSA P-256, and this token cannot make or use them.',
    action: 'Use a token that supports ECDSA P-256 (YubiKey PIV, an HSM, SoftHSM).',
  },
  TOKEN_ERROR: {
    title: 'The token answered wrongly',
    cause: 'The hardware token returned something that is not a valid P-256 key or signature. Nothing was published.',
    action: 'Unplug and re-insert the token and try again; if it persists, check the token with its own tool.',
  },

  // archives, history, migration
  BAD_ARCHIVE: {
    title: 'Not a usable trust archive',
    cause: 'The file is not a Signet trust archive, is damaged, or is larger than an archive may be.',
    action: 'Choose the archive file Signet exported (a .tar.gz), or export a new one.',
  },
  HISTORY_TOO_MANY_VERSIONS: {
    title: 'History too long to read',
    cause: 'The trust server lists more versions of this repository than Signet reads in one go.',
    action:
      'Read the current trust data instead; the history of such a repository needs an archive made on the server.',
  },
  HISTORY_TOO_LARGE: {
    title: 'History too large to read',
    cause: 'The repository’s past metadata is larger than Signet reads in one go from a server.',
    action: 'Read the current trust data instead, or ask the server’s operator for an archive.',
  },
  COSIGN_BAD_PAYLOAD: {
    title: 'A cosign signature could not be read',
    cause: 'The registry holds a cosign signature whose payload is not what cosign writes.',
    action: 'Check the image’s .sig tag with cosign verify; remove it if it was not written by cosign.',
  },
  COSIGN_BAD_MANIFEST: {
    title: 'A cosign signature manifest could not be read',
    cause: 'The registry’s .sig tag for this image is not a cosign signature manifest.',
    action: 'Check the tag with cosign tree; remove it if it was not written by cosign.',
  },
  REGISTRY_PUSH: {
    title: 'The registry refused the upload',
    cause: 'Writing the cosign signature to the registry failed. The trust data was not changed.',
    action: 'Check your registry login (docker login) and that the registry accepts pushes, then try again.',
  },
};

export function explain(error: Pick<ErrorDTO, 'code'>): Explanation {
  return E[error.code] ?? E.INTERNAL; // a code from a newer main process
}

/** True for codes that mean "no trust data here" rather than "could not read it". */
export function isNotSigned(code: IpcErrorCode): boolean {
  return code === 'NOTARY_NOT_INITIALIZED' || code === 'HTTP_NOT_FOUND';
}
