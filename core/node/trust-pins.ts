/**
 * Changing the trust pinning in Signet's config file (signet-config.ts), for the app's settings and
 * its one-click "Pin this root": each change is checked first (GUNs as core normalises them,
 * 64-hex certificate IDs, readable CA files holding a certificate), then the whole trust_pinning
 * section is written at once, keeping the rest of the file. A file that cannot be read is never
 * overwritten: its error says what to fix.
 */
import { parseCertificatePem } from '../crypto/x509.js';
import { SignetError } from '../errors.js';
import { parseImageReference } from '../registry/reference.js';
import {
  caFilePath,
  readCaFile,
  readTrustPinningFile,
  writeTrustPinningFile,
  type TrustPinningFile,
} from './signet-config.js';

/** The parts of trust_pinning to replace (each one whole); absent parts stay as they are. */
export interface TrustPinsPatch {
  certs?: Record<string, string[]>;
  ca?: Record<string, string>;
  disableTofu?: boolean;
}

const CERT_ID = /^[0-9a-f]{64}$/;

/** A repository name as pins are looked up: core's GUN ("alpine" → "docker.io/library/alpine"). */
export function pinGun(name: string): string {
  let ref;
  try {
    ref = parseImageReference(name);
  } catch (e) {
    throw new SignetError('BAD_INPUT', `"${name}" does not name a repository`, {
      hint: 'name the repository as docker does, e.g. registry.example.com:5000/team/app',
      cause: e,
    });
  }
  if (ref.tag !== undefined || ref.digest !== undefined) {
    throw new SignetError('BAD_INPUT', `pin a repository, not a tag or digest: ${name}`, {
      hint: `pin ${ref.gun}`,
    });
  }
  return ref.gun;
}

function checkCerts(certs: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, ids] of Object.entries(certs)) {
    const gun = pinGun(name);
    if (ids.length === 0 || !ids.every((id) => CERT_ID.test(id))) {
      throw new SignetError('BAD_INPUT', `the pin for ${gun} must list root certificate IDs (64 hex characters)`, {
        hint: 'copy the Root key ID that Signet or docker trust inspect shows for the repository',
      });
    }
    out[gun] = [...new Set(ids)];
  }
  return out;
}

/** Each CA file must be readable (relative paths: from the config file's folder) and hold a certificate. */
async function checkCaFiles(file: string, ca: Record<string, string>): Promise<void> {
  for (const [prefix, path] of Object.entries(ca)) {
    if (prefix.trim() === '' || /\s/.test(prefix)) {
      throw new SignetError('BAD_INPUT', `"${prefix}" is not a repository prefix`, {
        hint: 'use the start of repository names, e.g. registry.example.com/team/',
      });
    }
    const source = caFilePath(file, path);
    let pem: string;
    try {
      pem = (await readCaFile(source, 'BAD_INPUT')).toString('utf8');
    } catch (e) {
      if (e instanceof SignetError) throw e;
      throw new SignetError('BAD_INPUT', `cannot read the CA file ${source} for "${prefix}"`, {
        hint: 'give the path of a PEM file with the CA certificate',
        cause: e,
      });
    }
    try {
      parseCertificatePem(pem);
    } catch {
      throw new SignetError('BAD_INPUT', `${source} holds no PEM certificate`, {
        hint: 'give the CA certificate itself (-----BEGIN CERTIFICATE-----)',
      });
    }
  }
}

/** Replaces the given parts of trust_pinning in `file` after checking them; returns what the file now says. */
export async function updateTrustPins(file: string, patch: TrustPinsPatch): Promise<TrustPinningFile> {
  const current = await readTrustPinningFile(file);
  const next: TrustPinningFile = { ...current };
  if (patch.certs !== undefined) next.certs = checkCerts(patch.certs);
  if (patch.ca !== undefined) {
    await checkCaFiles(file, patch.ca);
    next.ca = { ...patch.ca };
  }
  if (patch.disableTofu !== undefined) next.disable_tofu = patch.disableTofu;
  await writeTrustPinningFile(file, next);
  return next;
}

/** Pins a repository's root: `certs[gun] = ids` (the root certificate IDs of the root it trusts now). */
export async function pinRootCertificates(file: string, gun: string, ids: string[]): Promise<TrustPinningFile> {
  if (ids.length === 0) {
    throw new SignetError('BAD_INPUT', `the root of ${gun} has no certificate to pin`, {
      hint: 'trust pinning pins root certificates; this root lists bare keys only',
    });
  }
  const current = await readTrustPinningFile(file);
  return updateTrustPins(file, { certs: { ...current.certs, [gun]: ids } });
}
