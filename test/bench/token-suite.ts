/**
 * Bench suite `token-sign` (no stack): signing metadata with a key on a hardware token (SoftHSM2
 * through PKCS#11) against the same signing with a key in the OS keychain (a private
 * gnome-keyring; the trust dir when no Secret Service can be started), in the same run.
 *
 * Both go through the crypto service every signing path uses: `signer(id).sign(body)` over a
 * ~1 KB canonical targets body. Per signature: median µs of 5 samples of 200 signatures each
 * (after 50 untimed), and the first signature of a fresh service (unlock: the keychain entry read
 * and decrypted with its passphrase, or the token's PIN login), median of 5.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalBytes } from '../../core/crypto/canonical-json.js';
import { useKeyCrypto } from '../../core/crypto/key-crypto.js';
import { nodeKeyCrypto } from '../../core/node/node-key-crypto.js';
import { CryptoService } from '../../core/keystore/crypto-service.js';
import type { KeyStore } from '../../core/keystore/key-store.js';
import { TokenKeys } from '../../core/keystore/token-keys.js';
import { KeychainKeyStore } from '../../core/node/keychain-key-store.js';
import { Pkcs11Driver } from '../../core/node/pkcs11-driver.js';
import { TrustDirKeyStore } from '../../core/node/trust-dir-key-store.js';
import { keyringUnavailable, withKeyring } from '../helpers/keyring.js';
import { SOFTHSM_MODULE, TOKEN_PIN, softhsmUnavailable, startSoftHsm } from '../helpers/softhsm.js';
import { formatTable, median } from './lib.js';
import type { BenchSuite, SuiteOutcome } from './run.js';

const PASS = 'bench-passphrase';
const SAMPLES = 5;
const PER_SAMPLE = 200;
const WARM = 50;

const body = canonicalBytes({
  signed: {
    _type: 'Targets',
    delegations: { keys: {}, roles: [] },
    expires: '2030-01-01T00:00:00Z',
    targets: Object.fromEntries(
      Array.from({ length: 6 }, (_, i) => [`v${i}`, { hashes: { sha256: 'A'.repeat(44) }, length: 1000 + i }]),
    ),
    version: 2,
  },
});

interface Measured {
  store: string;
  /** µs per signature, median of the samples */
  usPerSignature: number;
  /** ms for the first signature of a fresh service (unlock included), median */
  firstMs: number;
}

async function measure(name: string, service: () => CryptoService, id: string): Promise<Measured> {
  const firsts: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const svc = service();
    const t0 = performance.now();
    await (await svc.signer(id)).sign(body);
    firsts.push(performance.now() - t0);
    await svc.close();
  }
  const svc = service();
  const signer = await svc.signer(id);
  for (let i = 0; i < WARM; i++) await signer.sign(body);
  const per: number[] = [];
  for (let s = 0; s < SAMPLES; s++) {
    const t0 = performance.now();
    for (let i = 0; i < PER_SAMPLE; i++) await signer.sign(body);
    per.push(((performance.now() - t0) * 1000) / PER_SAMPLE);
  }
  await svc.close();
  return { store: name, usPerSignature: median(per), firstMs: median(firsts) };
}

async function run(log: (m: string) => void): Promise<SuiteOutcome> {
  const missing = softhsmUnavailable();
  if (missing) return { tables: [`token-sign: skipped (${missing})\n`], result: { skipped: missing }, misses: [] };
  // the software key signs as the CLI and the app sign: node:crypto (OpenSSL), not the portable default
  useKeyCrypto(nodeKeyCrypto);
  const hsm = startSoftHsm();
  const trustDir = mkdtempSync(join(tmpdir(), 'signet-bench-token-'));
  const now = () => new Date();
  const answers = { get: async (r: { format?: string }) => (r.format === 'pin' ? TOKEN_PIN : PASS) };
  try {
    hsm.initToken('bench');
    const driver = new Pkcs11Driver(SOFTHSM_MODULE);
    const tokens = new TokenKeys(driver, answers, now);
    const onToken = await new CryptoService({
      stores: [new TrustDirKeyStore(trustDir)],
      passphrases: answers,
      now,
      tokens,
    }).generateKey('bench', undefined, { token: 'bench' });
    await tokens.close();

    const software = async (store: KeyStore, name: string): Promise<Measured> => {
      const svc = new CryptoService({ stores: [store], passphrases: answers, now });
      const { info } = await svc.generateKey('bench');
      return measure(name, () => new CryptoService({ stores: [store], passphrases: answers, now }), info.id);
    };
    const tokenSide = (): Promise<Measured> =>
      measure(
        'hardware token (SoftHSM2, PKCS#11)',
        () =>
          new CryptoService({
            stores: [new TrustDirKeyStore(trustDir)],
            passphrases: answers,
            now,
            tokens: new TokenKeys(new Pkcs11Driver(SOFTHSM_MODULE), answers, now),
          }),
        onToken.info.id,
      );
    const noKeyring = keyringUnavailable();
    log(noKeyring ? `token-sign: no keychain (${noKeyring}): comparing with the trust dir` : 'token-sign: keychain');
    const [base, token] = noKeyring
      ? [await software(new TrustDirKeyStore(trustDir), 'trust dir (no Secret Service here)'), await tokenSide()]
      : await withKeyring(async () => [
          await software(new KeychainKeyStore(), 'OS keychain (gnome-keyring)'),
          await tokenSide(),
        ]);
    const overhead = token.usPerSignature - base.usPerSignature;
    const rows = [base, token].map((m) => [m.store, m.usPerSignature.toFixed(0), m.firstMs.toFixed(1)]);
    const table = formatTable(['key held in', 'µs per signature', 'first signature ms (unlock)'], rows);
    return {
      tables: [
        `token-sign: ECDSA P-256 signatures of a ${body.length}-byte targets body, ${SAMPLES}×${PER_SAMPLE} each\n${table}` +
          `overhead of the token: ${overhead.toFixed(0)} µs per signature (${(token.usPerSignature / base.usPerSignature).toFixed(1)}×)\n`,
      ],
      result: { bodyBytes: body.length, base, token, overheadUsPerSignature: overhead },
      misses: [],
    };
  } finally {
    hsm.remove();
    rmSync(trustDir, { recursive: true, force: true });
  }
}

export function tokenSignSuite(): BenchSuite {
  return {
    name: 'token-sign',
    description: 'signing with a SoftHSM key against a keychain key (per signature, and the first one with its unlock)',
    needsStack: false,
    run: (ctx) => run(ctx.log),
  };
}
