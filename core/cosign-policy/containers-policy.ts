/**
 * containers-policy.json(5) for podman, skopeo and CRI-O: images of the repository need a sigstore
 * signature by one of the signers' keys (`sigstoreSigned`); everything else is rejected, as the man
 * page recommends. Keys are inline (keyData): the file works wherever it is copied, where a keyPath
 * would name a path on the machine that wrote it. Requirements in a list are all required, so
 * several signers (DCT: any one of them) take one requirement with `keyDatas`, which
 * containers/image reads from 5.33 on (see README.md). Plus the registries.d(5) entry without
 * which containers/image does not read cosign's `.sig` attachments at all.
 */
import { toBase64, utf8 } from '../util/bytes.js';
import type { PolicyKey } from './policy-keys.js';
import { yamlDocument } from './yaml.js';

/** The JSON text, two-space indented, ending in a newline. */
export function containersPolicy(repository: string, keys: readonly PolicyKey[]): string {
  const data = keys.map((k) => toBase64(utf8(k.pem)));
  const requirement =
    data.length === 1
      ? { type: 'sigstoreSigned', keyData: data[0]!, signedIdentity: { type: 'matchRepository' } }
      : { type: 'sigstoreSigned', keyDatas: data, signedIdentity: { type: 'matchRepository' } };
  const policy = {
    default: [{ type: 'reject' }],
    transports: { docker: { [repository]: [requirement] } },
  };
  return JSON.stringify(policy, null, 2) + '\n';
}

/** A registries.d file turning on sigstore attachments for the repository. */
export function containersRegistriesD(repository: string): string {
  return yamlDocument({ docker: { [repository]: { 'use-sigstore-attachments': true } } }, [
    `Written by Signet (signet migrate --policy-dir) for ${repository}.`,
    'Copy into /etc/containers/registries.d/ so that podman, skopeo and CRI-O read cosign signatures.',
  ]);
}
