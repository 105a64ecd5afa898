/**
 * Coded errors for every boundary (HTTP, TUF, notary, registry, keystore).
 * A code is stable and machine-readable; the message says what is wrong; the hint says what to do.
 * Modelled on sigstore-js `BaseError<Code>`: errors cross IPC and process boundaries as plain data.
 */
import { redactUrlCredentials } from './http/redact.js';

export type ErrorCode =
  // TUF verification
  | 'TUF_MALFORMED'
  | 'TUF_WRONG_TYPE'
  | 'TUF_BAD_SIGNATURE'
  | 'TUF_THRESHOLD'
  | 'TUF_UNKNOWN_KEY'
  | 'TUF_EXPIRED'
  | 'TUF_ROLLBACK'
  | 'TUF_HASH_MISMATCH'
  | 'TUF_LENGTH_MISMATCH'
  | 'TUF_TOO_LARGE'
  | 'TUF_BAD_ROOT'
  | 'TUF_PIN_MISMATCH'
  | 'TUF_TOFU_DISABLED'
  // transport and servers
  | 'HTTP_UNREACHABLE'
  | 'HTTP_TIMEOUT'
  | 'HTTP_TLS'
  | 'HTTP_UNAUTHORIZED'
  | 'HTTP_FORBIDDEN'
  | 'HTTP_NOT_FOUND'
  | 'HTTP_BAD_REQUEST'
  | 'HTTP_SERVER_ERROR'
  | 'HTTP_TOO_LARGE'
  | 'HTTP_INSECURE'
  | 'NOTARY_NOT_INITIALIZED'
  | 'NOTARY_REJECTED'
  // keys
  | 'KEY_WRONG_PASSPHRASE'
  | 'KEY_UNSUPPORTED'
  | 'KEY_NOT_FOUND'
  | 'KEY_CANCELLED'
  | 'KEY_STORE'
  // hardware tokens (PKCS#11)
  | 'TOKEN_MODULE'
  | 'TOKEN_ABSENT'
  | 'TOKEN_PIN_INCORRECT'
  | 'TOKEN_PIN_LOCKED'
  | 'TOKEN_UNSUPPORTED'
  | 'TOKEN_ERROR'
  // writes
  | 'NO_SIGNING_KEYS'
  | 'PUBLISH_CONFLICT'
  // input
  | 'BAD_REFERENCE'
  | 'BAD_CONFIG'
  | 'BAD_INPUT'
  | 'BAD_ARCHIVE'
  | 'CACHE_IO'
  // history: what one read may fetch from a server (a misbehaving server cannot make it unbounded)
  | 'HISTORY_TOO_MANY_VERSIONS'
  | 'HISTORY_TOO_LARGE'
  // cosign (migration)
  | 'COSIGN_BAD_PAYLOAD'
  | 'COSIGN_BAD_MANIFEST'
  | 'REGISTRY_PUSH'
  // the local Docker engine (pushing a local image before signing it)
  | 'ENGINE_UNREACHABLE'
  | 'ENGINE_NO_IMAGE'
  | 'ENGINE_PUSH_FAILED'
  | 'CANCELLED';

export interface ErrorData {
  code: ErrorCode;
  message: string;
  hint?: string;
}

export class SignetError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  override readonly cause: unknown;
  /** TUF_EXPIRED: which role expired, and when (RFC 3339), for callers that list expiries. */
  readonly expired: { role: string; expires: string } | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { hint?: string; cause?: unknown; expired?: { role: string; expires: string } } = {},
  ) {
    // no message carries a URL's user:password@ (a server URL may be configured with one)
    super(redactUrlCredentials(message));
    this.name = 'SignetError';
    this.code = code;
    this.hint = options.hint === undefined ? undefined : redactUrlCredentials(options.hint);
    this.cause = options.cause;
    this.expired = options.expired;
  }

  toData(): ErrorData {
    return this.hint === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, hint: this.hint };
  }
}

export function isSignetError(e: unknown, code?: ErrorCode): e is SignetError {
  return e instanceof SignetError && (code === undefined || e.code === code);
}
