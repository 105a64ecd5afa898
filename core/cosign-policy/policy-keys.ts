/**
 * One repository's input, checked and put in a fixed order: the repository as a fully qualified
 * name, each signer's key as one normalised "PUBLIC KEY" PEM with its own file name, each tag with
 * a sha256 digest and known signers. Everything policyFiles() writes comes from this.
 */
import { decodePemBlocks, encodePem, type PemBlock } from '../crypto/pem.js';
import { isSignetError } from '../errors.js';
import { parseImageReference } from '../registry/reference.js';
import { badInput, REPO_ADMIN, signerStems } from './names.js';
import type { PolicyInput, PolicySigner } from './types.js';

export interface PolicyKey {
  name: string;
  role: string;
  keyId: string;
  pem: string;
  /** The key file, `alice.pub`, relative to the repository's folder. */
  file: string;
}

export interface CheckedRepository {
  repository: string;
  keys: PolicyKey[];
  tags: { tag: string; digest: string; keys: PolicyKey[] }[];
  insecureRegistry: boolean;
}

const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const KEY_ID = /^[0-9a-f]{64}$/;
const PRINTABLE = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]+$/;

function repositoryName(input: string): string {
  try {
    const ref = parseImageReference(input);
    if (ref.tag === undefined && ref.digest === undefined) return ref.gun;
  } catch (e) {
    if (!isSignetError(e)) throw e;
  }
  throw badInput(
    `${JSON.stringify(input)} is not a repository name`,
    'name it as registry/path, e.g. 127.0.0.1:5000/team/app',
  );
}

function publicKeyPem(s: PolicySigner, repository: string): string {
  let blocks: PemBlock[];
  try {
    blocks = decodePemBlocks(s.publicKeyPem);
  } catch {
    blocks = [];
  }
  const b = blocks[0];
  if (blocks.length !== 1 || b!.type !== 'PUBLIC KEY' || Object.keys(b!.headers).length > 0) {
    throw badInput(
      `the key of ${s.name} in ${repository} is not one PEM "PUBLIC KEY" block`,
      'pass the signer key as a PKIX public key PEM (what cosign public-key prints)',
    );
  }
  return encodePem('PUBLIC KEY', b!.bytes);
}

/** Repo Admin first, then signers by name: the same files whatever order the caller used. */
function bySigner(a: { name: string }, b: { name: string }): number {
  if ((a.name === REPO_ADMIN) !== (b.name === REPO_ADMIN)) return a.name === REPO_ADMIN ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function checkRepository(input: PolicyInput): CheckedRepository {
  const repository = repositoryName(input.repository);
  const signers = [...input.signers].sort(bySigner);
  const byName = new Map<string, PolicyKey>();
  const stems = signerStems(signers);
  signers.forEach((s, i) => {
    if (!PRINTABLE.test(s.name) || !PRINTABLE.test(s.role)) {
      throw badInput(`a signer of ${repository} has an empty or unprintable name or role`, 'name each signer');
    }
    if (byName.has(s.name)) throw badInput(`${s.name} is listed twice for ${repository}`, 'list each signer once');
    if (!KEY_ID.test(s.keyId)) {
      throw badInput(`the key ID of ${s.name} (${s.keyId}) is not 64 hex digits`, 'pass the canonical key ID');
    }
    const pem = publicKeyPem(s, repository);
    byName.set(s.name, { name: s.name, role: s.role, keyId: s.keyId, pem, file: `${stems[i]}.pub` });
  });
  const seen = new Set<string>();
  const tags = input.tags.map((t) => {
    if (!TAG.test(t.tag) || seen.has(t.tag)) {
      throw badInput(
        `tag ${JSON.stringify(t.tag)} of ${repository} is not a tag name or comes twice`,
        'list each tag once',
      );
    }
    seen.add(t.tag);
    if (!DIGEST.test(t.digest)) {
      throw badInput(
        `the digest of ${repository}:${t.tag} (${t.digest}) is not sha256:<64 hex>`,
        'pass the signed digest',
      );
    }
    const keys = [...new Set(t.signers)].map((name) => {
      const key = byName.get(name);
      if (!key) throw badInput(`${repository}:${t.tag} names a signer not listed: ${name}`, 'list every signer');
      return key;
    });
    if (keys.length === 0) throw badInput(`${repository}:${t.tag} has no signer`, 'leave out tags nothing signed');
    return { tag: t.tag, digest: t.digest, keys: keys.sort(bySigner) };
  });
  tags.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  return { repository, keys: [...byName.values()], tags, insecureRegistry: input.insecureRegistry === true };
}
