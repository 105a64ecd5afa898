/** PKCS#11 return values as Signet's coded errors, each with what to do. */
import type * as Pkcs11Js from 'pkcs11js';
import { SignetError } from '../errors.js';

export function tokenAbsent(token: string, message?: string): SignetError {
  return new SignetError('TOKEN_ABSENT', message ?? `the token "${token}" is not present`, {
    hint: `insert the token "${token}" (or check that the PKCS#11 module sees it) and try again; staged changes are kept`,
  });
}

/** The error for a failed call `what` on `token`; `present` says whether the token is still there. */
export function pkcs11Error(e: unknown, token: string, what: string, present: boolean, lib: typeof Pkcs11Js): Error {
  if (e instanceof SignetError) return e;
  const code = (e as { code?: number }).code;
  const name = (e as Error).message ?? String(e);
  if (!present || code === lib.CKR_TOKEN_NOT_PRESENT || code === lib.CKR_DEVICE_REMOVED) {
    return tokenAbsent(token, `the token "${token}" went away (${what}: ${name})`);
  }
  if (code === lib.CKR_PIN_INCORRECT) {
    return new SignetError('TOKEN_PIN_INCORRECT', `wrong PIN for the token "${token}"`, { cause: e });
  }
  if (code === lib.CKR_PIN_LOCKED) {
    return new SignetError('TOKEN_PIN_LOCKED', `the PIN of the token "${token}" is locked: too many wrong tries`, {
      hint: "unlock it with the token's own tool and its PUK or SO PIN (ykman piv access unblock-pin, pkcs11-tool --init-pin)",
      cause: e,
    });
  }
  if (code === lib.CKR_MECHANISM_INVALID || code === lib.CKR_DOMAIN_PARAMS_INVALID) {
    return new SignetError('TOKEN_UNSUPPORTED', `the token "${token}" cannot ${what} with ECDSA P-256 (${name})`, {
      hint: 'docker and notary keys are ECDSA P-256: use a token that supports it (YubiKey PIV, an HSM, SoftHSM)',
      cause: e,
    });
  }
  const making = what === 'generate a key' || what === 'import a key' || what === 'write the certificate';
  if (making && (code === lib.CKR_USER_NOT_LOGGED_IN || code === lib.CKR_USER_TYPE_INVALID)) {
    // a YubiKey's PIV applet makes keys only after its management key (the SO login), as notary does
    return new SignetError('TOKEN_UNSUPPORTED', `the token "${token}" does not let its user ${what} (${name})`, {
      hint: "make the key with the token's own tool (ykman piv keys generate, then a certificate); Signet lists it and signs with it",
      cause: e,
    });
  }
  if (code === lib.CKR_USER_NOT_LOGGED_IN) {
    return new SignetError('TOKEN_ERROR', `the token "${token}" logged out (${what})`, {
      hint: 'try again; the PIN will be asked again',
      cause: e,
    });
  }
  return new SignetError('TOKEN_ERROR', `the token "${token}" could not ${what}: ${name}`, {
    hint: 'check the token with its own tool (pkcs11-tool --list-objects); a touch-only key needs a touch when it blinks',
    cause: e,
  });
}
