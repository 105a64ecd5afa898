import { createHash, generateKeyPairSync, sign as nodeSign, type KeyObject } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalBytes, encodeEnvelope } from '../../core/crypto/canonical-json.js';
import { keyId } from '../../core/crypto/key-id.js';
import { nodeCrypto } from '../../core/node/node-crypto.js';
import '../../core/crypto/noble-key-crypto.js';
import { createRootCertificate } from '../../core/crypto/root-cert.js';
import type { PrivateKey } from '../../core/crypto/private-key.js';
import { formatExpires } from '../../core/tuf/expires.js';
import type {
  DelegationRoleJSON,
  PublicKeyJSON,
  RoleName,
  RootSigned,
  SignatureJSON,
  SnapshotSigned,
  TargetsSigned,
  TimestampSigned,
} from '../../core/tuf/types.js';

/** A signing key for tests: P-256 from node:crypto; root keys carry a self-signed CN=GUN cert. */
export interface TestKey {
  id: string;
  pub: PublicKeyJSON;
  priv: KeyObject;
}

const YEAR_MS = 365 * 86_400_000;

/** The clock tests build repositories at unless they pass their own (never the wall clock). */
export const TEST_NOW = new Date('2026-06-01T12:00:00Z');

export function ecdsaKey(): TestKey {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const pub: PublicKeyJSON = { keytype: 'ecdsa', keyval: { private: null, public: spki.toString('base64') } };
  return { id: keyId(pub, nodeCrypto), pub, priv: privateKey };
}

/** A test certificate authority: its certificate and private key (PEM), for trust pinning tests. */
export interface TestCa {
  certPem: string;
  keyPem: string;
}

/** openssl with its clock at `at` (Debian's faketime), so certificates are valid from the test's clock, not today. */
function openssl(args: string[], at: Date): void {
  // an hour early: the fake clock runs on while openssl works (RSA key generation takes seconds under load)
  const stamp = new Date(at.getTime() - 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
  execFileSync('faketime', ['-f', `@${stamp}`, 'openssl', ...args], {
    stdio: 'ignore',
    env: { ...process.env, TZ: 'UTC' },
  });
}

/** A self-signed CA certificate with an EC P-256 or an RSA 2048 key (openssl), valid from `now` for 10 years. */
export function testCa(kind: 'ec' | 'rsa' = 'ec', name = 'Signet Test CA', now: Date = TEST_NOW): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'signet-ca-'));
  try {
    const newkey = kind === 'ec' ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-newkey', 'rsa:2048'];
    openssl(
      [
        'req',
        '-x509',
        ...newkey,
        '-nodes',
        '-keyout',
        join(dir, 'ca.key'),
        '-out',
        join(dir, 'ca.pem'),
        '-sha256',
        '-days',
        '3650',
        '-subj',
        `/CN=${name}`,
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
      ],
      now,
    );
    return { certPem: readFileSync(join(dir, 'ca.pem'), 'utf8'), keyPem: readFileSync(join(dir, 'ca.key'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A root key as notary makes them: `ecdsa-x509` whose public value is a CN=<gun> cert PEM (made by
 * openssl), self-signed, or issued by `issuer` (a CA-pinned repository).
 */
export function rootKey(gun: string, opts: { days?: number; ca?: boolean; issuer?: TestCa; now?: Date } = {}): TestKey {
  const base = ecdsaKey();
  if (!opts.issuer && opts.days === undefined && !opts.ca) {
    // notary's own certificate, valid from the builder's clock (openssl's would start at the wall clock)
    const jwk = base.priv.export({ format: 'jwk' });
    const secret = new Uint8Array(Buffer.from(jwk.d!, 'base64url'));
    const key: PrivateKey = { algorithm: 'ecdsa', secret, publicKey: base.pub, canonicalId: base.id };
    const cert = createRootCertificate(key, gun, opts.now ?? TEST_NOW);
    return { id: cert.keyId, pub: cert.publicKey, priv: base.priv };
  }
  const dir = mkdtempSync(join(tmpdir(), 'signet-cert-'));
  try {
    writeFileSync(join(dir, 'k.pem'), base.priv.export({ type: 'pkcs8', format: 'pem' }));
    const subj = `/CN=${gun.replace(/\//g, '\\/')}`;
    const days = String(opts.days ?? 3650);
    const ext = [
      `basicConstraints=critical,CA:${opts.ca ? 'TRUE' : 'FALSE'}`,
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=codeSigning',
    ];
    if (opts.issuer) {
      writeFileSync(join(dir, 'ca.pem'), opts.issuer.certPem);
      writeFileSync(join(dir, 'ca.key'), opts.issuer.keyPem);
      writeFileSync(join(dir, 'ext.cnf'), `${ext.join('\n')}\n`);
      openssl(
        ['req', '-new', '-key', join(dir, 'k.pem'), '-subj', subj, '-out', join(dir, 'c.csr')],
        opts.now ?? TEST_NOW,
      );
      openssl(
        [
          'x509',
          '-req',
          '-in',
          join(dir, 'c.csr'),
          '-CA',
          join(dir, 'ca.pem'),
          '-CAkey',
          join(dir, 'ca.key'),
          '-CAcreateserial',
          '-days',
          days,
          '-sha256',
          '-extfile',
          join(dir, 'ext.cnf'),
          '-out',
          join(dir, 'c.pem'),
        ],
        opts.now ?? TEST_NOW,
      );
    } else {
      openssl(
        [
          'req',
          '-x509',
          '-new',
          '-key',
          join(dir, 'k.pem'),
          '-sha256',
          '-days',
          days,
          '-subj',
          subj,
          ...ext.flatMap((e) => ['-addext', e]),
          '-out',
          join(dir, 'c.pem'),
        ],
        opts.now ?? TEST_NOW,
      );
    }
    const pem = readFileSync(join(dir, 'c.pem'));
    const pub: PublicKeyJSON = { keytype: 'ecdsa-x509', keyval: { private: null, public: pem.toString('base64') } };
    return { id: keyId(pub, nodeCrypto), pub, priv: base.priv };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function signWith(signed: unknown, keys: TestKey[]): SignatureJSON[] {
  const msg = canonicalBytes(signed);
  return keys.map((k) => ({
    keyid: k.id,
    method: 'ecdsa',
    sig: nodeSign('sha256', msg, { key: k.priv, dsaEncoding: 'ieee-p1363' }).toString('base64'),
  }));
}

const b64 = (alg: 'sha256' | 'sha512', bytes: Uint8Array): string => createHash(alg).update(bytes).digest('base64');
const meta = (bytes: Uint8Array) => ({
  hashes: { sha256: b64('sha256', bytes), sha512: b64('sha512', bytes) },
  length: bytes.length,
});

/**
 * Builds a complete, correctly signed notary repository in code (like tuf-js repo-mock), so tests can
 * make any valid state, then change one thing: versions, expiries, keys, thresholds, delegations.
 */
export class RepoBuilder {
  readonly keys: Record<'root' | 'targets' | 'snapshot' | 'timestamp', TestKey>;
  readonly delegationKeys = new Map<RoleName, TestKey[]>();
  root: RootSigned;
  targets: TargetsSigned;
  delegations = new Map<RoleName, TargetsSigned>();
  snapshotVersion = 1;
  timestampVersion = 1;
  snapshotExpires: Date;
  timestampExpires: Date;
  /** Extra signers per role (e.g. to meet a threshold of 2). */
  extraSigners = new Map<RoleName, TestKey[]>();

  constructor(
    readonly gun: string,
    readonly now = TEST_NOW,
    opts: { rootIssuer?: TestCa } = {},
  ) {
    const root = rootKey(gun, opts.rootIssuer ? { issuer: opts.rootIssuer } : { now });
    this.keys = { root, targets: ecdsaKey(), snapshot: ecdsaKey(), timestamp: ecdsaKey() };
    const exp = (years: number) => formatExpires(new Date(now.getTime() + years * YEAR_MS));
    const k = this.keys;
    this.root = {
      _type: 'Root',
      consistent_snapshot: false,
      expires: exp(10),
      keys: Object.fromEntries(Object.values(k).map((x) => [x.id, x.pub])),
      roles: {
        root: { keyids: [k.root.id], threshold: 1 },
        snapshot: { keyids: [k.snapshot.id], threshold: 1 },
        targets: { keyids: [k.targets.id], threshold: 1 },
        timestamp: { keyids: [k.timestamp.id], threshold: 1 },
      },
      version: 1,
    };
    this.targets = { _type: 'Targets', delegations: { keys: {}, roles: [] }, expires: exp(3), targets: {}, version: 1 };
    this.snapshotExpires = new Date(now.getTime() + 3 * YEAR_MS);
    this.timestampExpires = new Date(now.getTime() + 14 * 86_400_000);
  }

  /** Adds a target (tag) with a sha256 digest of `content` to a role. */
  addTarget(role: RoleName, tag: string, content: string): this {
    const bytes = new TextEncoder().encode(content);
    const file = role === 'targets' ? this.targets : this.delegations.get(role)!;
    file.targets[tag] = { hashes: { sha256: b64('sha256', bytes) }, length: bytes.length };
    return this;
  }

  /** Adds a delegation of targets (or of `parent`; docker's layout: paths [""]) with new keys. */
  addDelegation(
    name: RoleName,
    opts: { keys?: TestKey[]; threshold?: number; paths?: string[]; parent?: RoleName } = {},
  ): TestKey[] {
    const keys = opts.keys ?? [ecdsaKey()];
    const parent = opts.parent === undefined ? this.targets : this.delegations.get(opts.parent)!;
    for (const k of keys) parent.delegations.keys[k.id] = k.pub;
    const role: DelegationRoleJSON = {
      keyids: keys.map((k) => k.id),
      name,
      paths: opts.paths ?? [''],
      threshold: opts.threshold ?? 1,
    };
    parent.delegations.roles = [...(parent.delegations.roles ?? []), role];
    this.delegationKeys.set(name, keys);
    this.delegations.set(name, {
      _type: 'Targets',
      delegations: { keys: {}, roles: [] },
      expires: this.targets.expires,
      targets: {},
      version: 1,
    });
    return keys;
  }

  private readonly signedCache = new Map<string, Uint8Array>();

  /** Signs a role; an unchanged role keeps its earlier bytes, as a real repository does. */
  private envelope(signed: unknown, keys: TestKey[]): Uint8Array {
    const key = JSON.stringify([signed, keys.map((k) => k.id)]);
    let bytes = this.signedCache.get(key);
    if (!bytes) {
      bytes = encodeEnvelope(signed, signWith(signed, keys));
      this.signedCache.set(key, bytes);
    }
    return bytes;
  }

  /**
   * Signs every role and returns the files as a server would serve them. `tamper` may replace a
   * role's bytes after signing and before the snapshot/timestamp pin them, so a corruption is
   * caught by the signature or type checks rather than by a hash mismatch.
   */
  build(tamper?: (role: RoleName, bytes: Uint8Array) => Uint8Array): Map<RoleName, Uint8Array> {
    const files = new Map<RoleName, Uint8Array>();
    const set = files.set.bind(files);
    files.set = (role, bytes) => set(role, tamper ? tamper(role, bytes) : bytes);
    const extra = (r: RoleName) => this.extraSigners.get(r) ?? [];
    files.set('root', this.envelope(this.root, [this.keys.root, ...extra('root')]));
    files.set('targets', this.envelope(this.targets, [this.keys.targets, ...extra('targets')]));
    for (const [name, d] of this.delegations) {
      if (Object.keys(d.targets).length > 0 || d.version > 1)
        files.set(name, this.envelope(d, [...this.delegationKeys.get(name)!, ...extra(name)]));
    }
    const snapshot: SnapshotSigned = {
      _type: 'Snapshot',
      expires: formatExpires(this.snapshotExpires),
      meta: {},
      version: this.snapshotVersion,
    };
    for (const [name, bytes] of files) snapshot.meta[name] = meta(bytes);
    files.set('snapshot', this.envelope(snapshot, [this.keys.snapshot, ...extra('snapshot')]));
    const timestamp: TimestampSigned = {
      _type: 'Timestamp',
      expires: formatExpires(this.timestampExpires),
      meta: { snapshot: meta(files.get('snapshot')!) },
      version: this.timestampVersion,
    };
    files.set('timestamp', this.envelope(timestamp, [this.keys.timestamp, ...extra('timestamp')]));
    return files;
  }

  /** Bumps the versions of the roles a publish would change (targets, snapshot, timestamp). */
  bump(...roles: RoleName[]): this {
    for (const r of roles) {
      if (r === 'root') this.root.version++;
      else if (r === 'targets') this.targets.version++;
      else if (r === 'snapshot') this.snapshotVersion++;
      else if (r === 'timestamp') this.timestampVersion++;
      else this.delegations.get(r)!.version++;
    }
    return this;
  }
}
