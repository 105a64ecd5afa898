/**
 * What `signet migrate --policy-dir` knows about one migrated repository, and the files it writes
 * for it: the migration fills PolicyInput from its plan, policyFiles() turns it into text, and a
 * shell (core/node/policy-dir.ts) writes the text under the folder the user chose.
 */

/** One signer whose key made cosign signatures in the repository. */
export interface PolicySigner {
  /** docker's signer name (`docker trust inspect`'s Signers column) or 'Repo Admin'. */
  name: string;
  /** The DCT role the key signs in, e.g. `targets/alice`, `targets/releases`, `targets`. */
  role: string;
  /** Canonical key ID (as `docker trust inspect` shows it). */
  keyId: string;
  /** PKIX "PUBLIC KEY" PEM of the key (what `cosign verify --key` reads). */
  publicKeyPem: string;
}

/** One migrated tag: the digest DCT signed and the signers whose cosign signature it carries. */
export interface PolicyTag {
  tag: string;
  /** `sha256:<hex>`. */
  digest: string;
  /** Names from PolicyInput.signers. */
  signers: string[];
}

export interface PolicyInput {
  /** registry/path, the cosign docker-reference, e.g. `127.0.0.1:5000/team/app`. */
  repository: string;
  signers: PolicySigner[];
  tags: PolicyTag[];
  /** The registry speaks plain HTTP (a loopback test registry): verify.sh passes cosign's flags for it. */
  insecureRegistry?: boolean;
}

/** A file to write, relative to the policy folder. */
export interface PolicyFile {
  /** `/`-separated, e.g. `127.0.0.1_5000/team/app/alice.pub`; never absolute, never `..`. */
  path: string;
  text: string;
  /** File mode (0o755 for verify.sh); absent: an ordinary readable file (0o644). */
  mode?: number;
}
