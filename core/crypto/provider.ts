/**
 * The cryptographic primitives core needs, behind one interface so a platform can supply fast
 * native ones (Node's node:crypto adapter in core/node) while core stays portable (the default
 * implementation uses @noble/curves and @noble/hashes, which also run in the sandboxed renderer).
 */
export interface VerifyRequest {
  method: string; // 'ecdsa' | 'eddsa' | 'rsapss' | 'rsa-pkcs1v15' (certificate signatures, SHA-256) ...
  /** 'ecdsa' => SubjectPublicKeyInfo DER; 'ed25519' => raw 32 bytes; 'rsa' => SPKI DER. */
  keyType: 'ecdsa' | 'ed25519' | 'rsa';
  publicKey: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
}

export interface CryptoProvider {
  sha256(data: Uint8Array): Uint8Array;
  sha512(data: Uint8Array): Uint8Array;
  /** Returns false for a signature that does not verify; throws only for unsupported methods/keys. */
  verify(req: VerifyRequest): boolean;
}
