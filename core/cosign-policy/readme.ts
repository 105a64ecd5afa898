/** README.md at the top of a policy folder: what each file is, how to use it, what it needs. */

export const POLICY_README = `# Policies written by Signet

\`signet migrate --policy-dir\` wrote one folder per repository (\`host:port\` becomes \`host_port\`).
Each checks what Docker Content Trust checked: a tag is trusted when a cosign signature on its
digest verifies with the key of a signer who signed it in DCT. DCT accepted a tag signed by any
one signer (the \`targets/releases\` role has threshold 1; Repo Admin signs in \`targets\`), so the
admission policies below accept a signature by any one of the repository's signers.

The signatures were written without a transparency log (Rekor) entry, so every policy skips that
check, and trust rests on the keys alone.

| file | what it is |
| --- | --- |
| \`<signer>.pub\` | a signer's public key (\`repo-admin.pub\`: the repository key, for Repo Admin) |
| \`verify.sh\` | \`cosign verify --key\` for every migrated tag and each of its signers; exits 1 if any fails (\`COSIGN=/path/to/cosign\` picks the binary) |
| \`kyverno-clusterpolicy.yaml\` | a Kyverno \`ClusterPolicy\` (verifyImages): \`kubectl apply -f\` |
| \`cluster-image-policy.yaml\` | a Sigstore policy-controller \`ClusterImagePolicy\`: \`kubectl apply -f\`; label namespaces \`policy.sigstore.dev/include=true\` |
| \`containers-policy.json\` | containers-policy.json(5) for podman, skopeo and CRI-O |
| \`containers-registries.d.yaml\` | containers-registries.d(5): copy into \`/etc/containers/registries.d/\`; without it containers/image never reads cosign signatures |

## What changes from DCT

DCT resolved a tag to its signed digest when pulling. cosign verifies what the tag serves now: pull
by digest (\`repo@sha256:...\`), or let the admission policy resolve the tag (Kyverno's
\`mutateDigest\`, policy-controller) so that the digest checked is the digest run.

## containers-policy.json

- It rejects every image it does not name (\`"default": [{"type": "reject"}]\`), as
  containers-policy.json(5) recommends. To enforce only these repositories, copy each
  \`transports.docker\` entry into your existing \`/etc/containers/policy.json\` instead.
- The keys are inline (\`keyData\`), so the file works wherever it is copied.
- A repository with several signers has one requirement with \`keyDatas\` (a signature by any one
  of the keys). containers/image reads \`keyDatas\` from version 5.33 (podman 5.3, skopeo 1.17) on;
  older versions reject the whole file, and cannot say "any one of these keys" at all: a list of
  requirements means all of them. There, keep one signer's requirement (\`keyData\` with that key),
  or check with \`verify.sh\`.
- Debian 12's podman and skopeo are built without sigstore verification; use cosign there.
`;
