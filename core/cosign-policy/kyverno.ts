/**
 * A Kyverno ClusterPolicy (kyverno.io/v1, verifyImages) admitting an image of the repository when a
 * cosign signature on its digest verifies with one of the signers' keys: the rule DCT enforced
 * (docker pull took a tag signed in targets/releases, whose threshold is 1, or in targets).
 * Field names as in Kyverno's api/kyverno/v1 (ImageVerification, AttestorSet, StaticKeyAttestor).
 */
import { kubernetesName } from './names.js';
import type { PolicyKey } from './policy-keys.js';
import { Block, Commented, yamlDocument, type YamlValue } from './yaml.js';

/** The image patterns of one repository: any tag (`:*`), any digest (`@*`), not `<repo>-other`. */
export function imagePatterns(repository: string): string[] {
  return [`${repository}:*`, `${repository}@*`];
}

export function kyvernoPolicy(repository: string, keys: readonly PolicyKey[], insecureRegistry: boolean): string {
  const entries = keys.map(
    (k) =>
      new Commented(`${k.name} (${k.role}), key ${k.keyId}`, {
        keys: {
          publicKeys: new Block(k.pem),
          rekor: new Commented('signed without Rekor: no transparency log entry and no SCT to check', {
            url: 'https://rekor.sigstore.dev',
            ignoreTlog: true,
          }),
          ctlog: { ignoreSCT: true },
        },
      }),
  );
  const verify: { [key: string]: YamlValue } = {
    imageReferences: imagePatterns(repository),
    failureAction: 'Enforce',
    type: 'Cosign',
    mutateDigest: true,
    verifyDigest: true,
    required: true,
    attestors: [
      new Commented(
        'Docker Content Trust accepted a tag signed by any one of these signers (the releases\n' +
          "role's threshold is 1; Repo Admin signs in targets): count 1 asks the same of cosign.",
        { count: 1, entries },
      ),
    ],
  };
  if (insecureRegistry) verify.imageRegistryCredentials = { allowInsecureRegistry: true };
  const policy = {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: {
      name: kubernetesName(repository),
      annotations: { 'policies.kyverno.io/description': `Images of ${repository} carry a signer's cosign signature.` },
    },
    spec: {
      validationFailureAction: new Commented(
        'for Kyverno before 1.13, which does not know verifyImages[].failureAction',
        'Enforce',
      ),
      background: false,
      rules: [
        {
          name: 'dct-signers',
          match: { any: [{ resources: { kinds: ['Pod'] } }] },
          verifyImages: [verify],
        },
      ],
    },
  };
  return yamlDocument(policy, [
    `Written by Signet (signet migrate --policy-dir) for ${repository}.`,
    'Kyverno: kubectl apply -f kyverno-clusterpolicy.yaml',
  ]);
}
