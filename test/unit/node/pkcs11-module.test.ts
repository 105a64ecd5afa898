import assert from 'node:assert/strict';
import { test } from 'node:test';
import { choosePkcs11Module, defaultModules } from '../../../core/node/pkcs11-module.js';
import { ChainedPassphraseSource, EnvPassphraseSource } from '../../../core/node/passphrase-sources.js';
import { isSignetError } from '../../../core/errors.js';
import { Pkcs11Driver } from '../../../core/node/pkcs11-driver.js';
import { firstWithTokens } from '../../../core/node/token-context.js';

test('the module: --pkcs11-module, then SIGNET_PKCS11_MODULE, then Settings, then a common one installed', () => {
  const env = { SIGNET_PKCS11_MODULE: '/env.so' };
  assert.deepEqual(choosePkcs11Module({ flag: '/flag.so', env, settings: '/s.so' }), {
    path: '/flag.so',
    source: 'flag',
  });
  assert.deepEqual(choosePkcs11Module({ env, settings: '/s.so' }), { path: '/env.so', source: 'env' });
  assert.deepEqual(choosePkcs11Module({ env: {}, settings: '/s.so' }), { path: '/s.so', source: 'settings' });
  const installed = new Set(['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so']);
  assert.deepEqual(choosePkcs11Module({ env: {}, exists: (p) => installed.has(p), platform: 'linux' }), {
    path: '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so',
    source: 'default',
  });
  assert.equal(choosePkcs11Module({ env: {}, exists: () => false, platform: 'linux' }), undefined);
  assert.equal(choosePkcs11Module({ env: { SIGNET_PKCS11_MODULE: 'off' }, settings: '/s.so' }), undefined);
  // YubiKey's module is preferred to OpenSC's, OpenSC's to SoftHSM's
  const linux = defaultModules('linux');
  const at = (name: string) => linux.findIndex((p) => p.includes(name));
  assert.ok(at('libykcs11') < at('opensc-pkcs11') && at('opensc-pkcs11') < at('libsofthsm2'));
  assert.ok(defaultModules('darwin').some((p) => p.endsWith('libykcs11.dylib')));
  assert.ok(defaultModules('win32').some((p) => p.endsWith('libykcs11.dll')));
});

test('a PIN comes from SIGNET_PKCS11_PIN once; a wrong one is TOKEN_PIN_INCORRECT naming the variable', async () => {
  const src = new ChainedPassphraseSource([new EnvPassphraseSource({ SIGNET_PKCS11_PIN: '123456' })]);
  const req = { keyId: 'ab'.repeat(32), role: 'root', isNew: false, format: 'pin' as const, token: 'yubi' };
  assert.equal(await src.get({ ...req, attempt: 1 }), '123456');
  await assert.rejects(
    src.get({ ...req, attempt: 2 }),
    (e) => isSignetError(e, 'TOKEN_PIN_INCORRECT') && /SIGNET_PKCS11_PIN/.test(e.message),
  );
  const none = new ChainedPassphraseSource([new EnvPassphraseSource({})]);
  await assert.rejects(
    none.get({ ...req, attempt: 1 }),
    (e) => isSignetError(e, 'KEY_CANCELLED') && /set SIGNET_PKCS11_PIN/.test(e.hint ?? ''),
  );
});

test('a module found automatically that cannot be loaded shows no tokens; one named fails with TOKEN_MODULE', async () => {
  const found = firstWithTokens(['/nonexistent/libykcs11.so']);
  assert.deepEqual(await found.listTokens(), []);
  const named = new Pkcs11Driver('/nonexistent/opensc-pkcs11.so');
  await assert.rejects(
    named.listTokens(),
    (e) => isSignetError(e, 'TOKEN_MODULE') && /nonexistent\/opensc-pkcs11\.so/.test(e.message) && !!e.hint,
  );
});
