/** Logging in to a token with its user PIN, asked through the passphrase source and never kept. */
import { SignetError, isSignetError } from '../errors.js';
import { MAX_PASSPHRASE_ATTEMPTS, type PassphraseSource } from './passphrase.js';
import type { TokenDriver, TokenInfo } from './token.js';

/**
 * Logs in once per token. A wrong PIN is asked again, but never when the token says the next
 * wrong one locks it: a PIN's tries are few (a YubiKey's: 3), so the last one is the user's call.
 */
export async function loginToToken(
  driver: TokenDriver,
  passphrases: PassphraseSource,
  tokenInfo: (label: string) => Promise<TokenInfo>,
  token: string,
  key: { id: string; role: string },
): Promise<void> {
  if (driver.loggedIn(token)) return;
  for (let attempt = 1; ; attempt++) {
    const t = await tokenInfo(token);
    if (t.pin === 'locked') throw pinLocked(token);
    const pin = await passphrases.get({
      keyId: key.id,
      role: key.role,
      isNew: false,
      attempt,
      format: 'pin',
      token,
    });
    if (pin === undefined) throw new SignetError('KEY_CANCELLED', `no PIN given for the token "${token}"`);
    try {
      await driver.login(token, pin);
      return;
    } catch (e) {
      if (!isSignetError(e, 'TOKEN_PIN_INCORRECT')) throw e;
      const after = (await driver.listTokens()).find((x) => x.label === token)?.pin;
      if (after === 'locked') throw pinLocked(token);
      if (after === 'final-try' || attempt >= MAX_PASSPHRASE_ATTEMPTS) {
        throw new SignetError('TOKEN_PIN_INCORRECT', `wrong PIN for the token "${token}"`, {
          hint:
            after === 'final-try'
              ? 'one try is left before the token locks its PIN: check it (SIGNET_PKCS11_PIN) before trying again'
              : 'check the PIN (SIGNET_PKCS11_PIN, or the one asked); the token locks after a few wrong ones',
          cause: e,
        });
      }
    }
  }
}

function pinLocked(token: string): SignetError {
  return new SignetError('TOKEN_PIN_LOCKED', `the PIN of the token "${token}" is locked: too many wrong tries`, {
    hint: "unlock it with the token's own tool and its PUK or SO PIN (ykman piv access unblock-pin, pkcs11-tool --init-pin)",
  });
}
