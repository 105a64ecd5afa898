/**
 * Trust pinning, as the notary client configures it (`trust_pinning` in its config.json;
 * notary trustpinning/trustpin.go, certs.go): a GUN's root must be signed by pinned certificate
 * IDs (`certs`), or by certificates issued by a pinned CA (`ca`, longest GUN prefix); without a
 * pin the first root seen is trusted (TOFU) unless `disable_tofu`. Checked on every root Signet
 * trusts (the cached one and each new one) before anything is cached.
 */
import { SignetError } from '../errors.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { certsFromKey, isX509KeyType, parseCertificatePem, type Certificate } from '../crypto/x509.js';
import { verifyIssuedBy } from '../crypto/cert-chain.js';
import type { RootSigned, SignedFile } from './types.js';
import { verifySignatures } from './verify.js';

export interface TrustPinning {
  /** GUN → IDs of root certificates (the root key IDs root.json lists) that may sign its root. */
  certs?: Record<string, string[]>;
  /** GUN prefix → CA certificates (PEM text) that must issue the root certificates; `source` names the file. */
  ca?: Record<string, { source: string; pem: string }>;
  /** Refuse a repository seen for the first time that no pin covers. */
  disableTofu?: boolean;
}

/** Which pin applies to a GUN: certificate IDs, a CA (longest prefix), or none (trust on first use). */
export type PinFor =
  | { kind: 'certs'; ids: string[] }
  | { kind: 'ca'; prefix: string; source: string; pem: string }
  | { kind: 'tofu'; disabled: boolean };

/** The root certificate IDs of a root (its root role's keys that are certificates): what `certs` pins. */
export function rootCertificateIds(root: RootSigned): string[] {
  return root.roles.root.keyids.filter((id) => root.keys[id] && isX509KeyType(root.keys[id]!.keytype));
}

export function pinFor(pinning: TrustPinning | undefined, gun: string): PinFor {
  const ids = pinning?.certs?.[gun];
  if (ids) return { kind: 'certs', ids };
  let best: string | undefined;
  for (const prefix of Object.keys(pinning?.ca ?? {})) {
    if (gun.startsWith(prefix) && (best === undefined || prefix.length > best.length)) best = prefix;
  }
  if (best !== undefined) return { kind: 'ca', prefix: best, ...pinning!.ca![best]! };
  return { kind: 'tofu', disabled: pinning?.disableTofu === true };
}

/**
 * Checks a root (already verified by its own keys) against the pin for its GUN. `firstUse`: no
 * root of this repository was trusted before (only then does disable_tofu refuse).
 */
export function checkPinnedRoot(
  root: SignedFile<RootSigned>,
  gun: string,
  pinning: TrustPinning | undefined,
  opts: { firstUse: boolean; crypto: CryptoProvider; now: Date },
): void {
  const pin = pinFor(pinning, gun);
  const r = root.signed;
  if (pin.kind === 'tofu') {
    if (pin.disabled && opts.firstUse) {
      throw new SignetError('TUF_TOFU_DISABLED', `${gun} is not pinned and trust on first use is disabled`, {
        hint: `pin its root certificate ID (trust_pinning.certs["${gun}"]) or a CA for its prefix, or allow trust on first use`,
      });
    }
    return;
  }
  const rootIds = rootCertificateIds(r);
  const allowed =
    pin.kind === 'certs'
      ? rootIds.filter((id) => pin.ids.includes(id))
      : rootIds.filter((id) => issuedByCa(certsFromKey(r.keys[id]!), pin.pem, opts));
  const what =
    pin.kind === 'certs'
      ? `trust pinning for ${gun} allows root certificate ${pin.ids.map((i) => i.slice(0, 12)).join(', ')}`
      : `trust pinning for "${pin.prefix}" requires root certificates issued by the CA in ${pin.source}`;
  if (allowed.length === 0) {
    throw new SignetError(
      'TUF_PIN_MISMATCH',
      `the root of ${gun} does not match its pin: ${what}, but the server's root has ${rootIds.map((i) => i.slice(0, 12)).join(', ') || 'no certificate'}`,
      {
        hint: 'if the root key was replaced on purpose, check the new certificate ID with its owner and update the pin; otherwise do not use this data',
      },
    );
  }
  try {
    verifySignatures(root, 'root', r.keys, { keyids: allowed, threshold: r.roles.root.threshold }, opts.crypto);
  } catch (e) {
    throw new SignetError(
      'TUF_PIN_MISMATCH',
      `the root of ${gun} is not signed by enough pinned certificates (${what})`,
      { cause: e },
    );
  }
}

/** The leaf (first) certificate, through the bundle's intermediates, is issued by one of the CA's certificates. */
function issuedByCa(chain: Certificate[], caPem: string, opts: { crypto: CryptoProvider; now: Date }): boolean {
  let cas: Certificate[];
  try {
    cas = parseCertificatePem(caPem);
  } catch {
    return false;
  }
  const valid = (c: Certificate) => c.notBefore <= opts.now && opts.now <= c.notAfter;
  let current = chain[0];
  const intermediates = chain.slice(1).filter((c) => c.isCA && valid(c));
  for (let depth = 0; current && depth <= intermediates.length; depth++) {
    if (!valid(current)) return false;
    if (cas.some((ca) => ca.isCA && valid(ca) && verifyIssuedBy(current!, ca, opts.crypto))) return true;
    current = intermediates.find((i) => verifyIssuedBy(current!, i, opts.crypto));
  }
  return false;
}
