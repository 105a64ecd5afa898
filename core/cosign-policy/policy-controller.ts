/**
 * A Sigstore policy-controller ClusterImagePolicy (policy.sigstore.dev/v1beta1): images of the
 * repository are admitted when a cosign signature verifies with one of the signers' keys (its
 * authorities are alternatives: DCT's rule, releases threshold 1, or Repo Admin in targets).
 * A key authority without `ctlog` skips the transparency log (policy-controller's validator sets
 * IgnoreTlog when an authority names no Rekor), which is how these signatures were written.
 */
import { kubernetesName } from './names.js';
import type { PolicyKey } from './policy-keys.js';
import { Block, Commented, yamlDocument } from './yaml.js';

/** policy-controller globs: `*` stops at `/`, and a reference always carries `:tag` or `@digest`. */
export function policyControllerGlobs(repository: string): string[] {
  const name = repository.startsWith('docker.io/') ? `index.docker.io/${repository.slice(10)}` : repository;
  return [`${name}:*`, `${name}@*`];
}

export function clusterImagePolicy(repository: string, keys: readonly PolicyKey[]): string {
  const authorities = keys.map(
    (k) =>
      new Commented(`${k.name} (${k.role}), key ${k.keyId}`, {
        name: k.file.replace(/\.pub$/, ''),
        key: { data: new Block(k.pem), hashAlgorithm: 'sha256' },
      }),
  );
  const policy = {
    apiVersion: 'policy.sigstore.dev/v1beta1',
    kind: 'ClusterImagePolicy',
    metadata: { name: kubernetesName(repository) },
    spec: {
      mode: 'enforce',
      images: policyControllerGlobs(repository).map((glob) => ({ glob })),
      authorities: new Commented(
        'Any one authority admits an image, as Docker Content Trust accepted a tag signed by any one\n' +
          "of these signers (the releases role's threshold is 1). No ctlog: signed without Rekor.",
        authorities,
      ),
    },
  };
  return yamlDocument(policy, [
    `Written by Signet (signet migrate --policy-dir) for ${repository}.`,
    'Sigstore policy-controller: kubectl apply -f cluster-image-policy.yaml',
    '(namespaces opt in with the label policy.sigstore.dev/include=true)',
  ]);
}
