/** TUF's JSON forms of a public key and a signature (notary tuf/data/keys.go, types.go). */
export type KeyType = 'ecdsa' | 'ecdsa-x509' | 'ed25519' | 'rsa' | 'rsa-x509' | (string & {});
export type SigMethod = 'ecdsa' | 'eddsa' | 'rsapss' | 'rsapkcs1v15' | (string & {});

export interface PublicKeyJSON {
  keytype: KeyType;
  keyval: { private: null; public: string };
}

export interface SignatureJSON {
  keyid: string;
  method: SigMethod;
  sig: string;
}
