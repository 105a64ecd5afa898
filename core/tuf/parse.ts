/** Strict parsing of a served metadata file into a SignedFile (shape checks of notary's tuf/data structs). */
import { SignetError } from '../errors.js';
import { fromUtf8 } from '../util/bytes.js';
import { validDelegationName } from './delegations.js';
import { parseExpires } from './expires.js';
import type { AnySigned, RoleName, SignatureJSON, SignedFile } from './types.js';
import { BASE_ROLES } from './types.js';

type Obj = Record<string, unknown>;
const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HASH_SIZES: Record<string, number> = { sha256: 32, sha512: 64 };

/** Type checks that throw 'TUF_MALFORMED' naming the file and field path (`targets.json: signed.targets["v1"].length …`). */
class Checker {
  constructor(readonly file: string) {}
  fail(path: string, what: string): never {
    throw new SignetError('TUF_MALFORMED', `${this.file}: ${path} ${what}`);
  }
  obj(v: unknown, path: string): Obj {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(path, 'must be an object');
    return v as Obj;
  }
  arr(v: unknown, path: string): unknown[] {
    if (!Array.isArray(v)) this.fail(path, 'must be an array');
    return v;
  }
  str(v: unknown, path: string): string {
    if (typeof v !== 'string') this.fail(path, 'must be a string');
    return v;
  }
  int(v: unknown, path: string, min: number): number {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) this.fail(path, `must be an integer >= ${min}`);
    return v;
  }
  b64(v: unknown, path: string): string {
    const s = this.str(v, path);
    if (!B64.test(s)) this.fail(path, 'must be standard base64');
    return s;
  }
  strings(v: unknown, path: string): string[] {
    return this.arr(v, path).map((x, i) => this.str(x, `${path}[${i}]`));
  }
}

/** The standard base64 alphabet by character code (no padding). */
const B64_CHAR = new Uint8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') B64_CHAR[ch.charCodeAt(0)] = 1;

/** The first `n` characters of `v` are in the base64 alphabet (what B64 says of them, ~5× faster: 10,000 per file). */
function alphabet(v: string, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const code = v.charCodeAt(i);
    if (code > 127 || B64_CHAR[code] === 0) return false;
  }
  return true;
}

/** Base64 of a sha256 (32 bytes: 44 characters, one `=`) or a sha512 (64 bytes: 88 characters, `==`). */
function digestB64(alg: string, v: unknown): boolean {
  if (typeof v !== 'string') return false;
  if (alg === 'sha256') return v.length === 44 && v.charCodeAt(43) === 61 && alphabet(v, 43);
  if (alg === 'sha512') return v.length === 88 && v.charCodeAt(86) === 61 && v.charCodeAt(87) === 61 && alphabet(v, 86);
  return false;
}

/**
 * True when {@link checkFileMeta} would accept `v` and it lists only sha256/sha512 hashes: the common
 * case, checked with no path strings and no base64 decoding (5,000 targets per file). When false, the
 * full check runs and either throws with the exact field path or accepts.
 */
function plainFileMeta(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const meta = v as Obj;
  const hashes = meta['hashes'];
  if (typeof hashes !== 'object' || hashes === null || Array.isArray(hashes)) return false;
  let n = 0;
  for (const alg in hashes) {
    if (!Object.hasOwn(hashes, alg) || !digestB64(alg, (hashes as Obj)[alg])) return false;
    n++;
  }
  if (n === 0) return false;
  const length = meta['length'];
  return typeof length === 'number' && Number.isSafeInteger(length) && length >= 0;
}

function checkFileMeta(c: Checker, v: unknown, path: string): void {
  const meta = c.obj(v, path);
  const hashes = c.obj(meta['hashes'], `${path}.hashes`);
  const algs = Object.keys(hashes);
  if (algs.length === 0) c.fail(`${path}.hashes`, 'must list at least one hash');
  for (const alg of algs) {
    const b64 = c.b64(hashes[alg], `${path}.hashes.${alg}`);
    const size = HASH_SIZES[alg];
    if (size !== undefined && atob(b64).length !== size) c.fail(`${path}.hashes.${alg}`, `must be ${size} bytes`);
  }
  c.int(meta['length'], `${path}.length`, 0);
}

function checkKeys(c: Checker, v: unknown, path: string): Obj {
  const keys = c.obj(v, path);
  for (const [id, key] of Object.entries(keys)) {
    const p = `${path}["${id}"]`;
    const k = c.obj(key, p);
    c.str(k['keytype'], `${p}.keytype`);
    const keyval = c.obj(k['keyval'], `${p}.keyval`);
    c.b64(keyval['public'], `${p}.keyval.public`);
    if (keyval['private'] !== undefined && keyval['private'] !== null) c.fail(`${p}.keyval.private`, 'must be null');
  }
  return keys;
}

/**
 * A `{keyids, threshold}` role whose keyids all exist in `keys` (notary isValidRoleStructure).
 * `nullKeyids`: a delegation's `"keyids":null` is accepted (Go writes a nil slice so when docker
 * trust signer remove takes the last key out of targets/releases).
 */
function checkRoleKeys(c: Checker, v: unknown, path: string, keys: Obj, nullKeyids = false): Obj {
  const role = c.obj(v, path);
  const ids = nullKeyids && role['keyids'] === null ? [] : c.strings(role['keyids'], `${path}.keyids`);
  c.int(role['threshold'], `${path}.threshold`, 1);
  for (const id of ids) if (!(id in keys)) c.fail(`${path}.keyids`, `lists key ${id} that is not in keys`);
  return role;
}

function checkRoot(c: Checker, s: Obj): void {
  if (typeof s['consistent_snapshot'] !== 'boolean') c.fail('signed.consistent_snapshot', 'must be a boolean');
  const keys = checkKeys(c, s['keys'], 'signed.keys');
  const roles = c.obj(s['roles'], 'signed.roles');
  for (const r of BASE_ROLES) checkRoleKeys(c, roles[r], `signed.roles.${r}`, keys);
}

/** Checks a targets body; returns the typed body (a copy with `[]` for null delegation keyids, else `s`). */
function checkTargets(c: Checker, s: Obj, role: RoleName): Obj {
  const targets = c.obj(s['targets'], 'signed.targets');
  const names = Object.keys(targets);
  for (let i = 0; i < names.length; i++) {
    const meta = targets[names[i]!];
    if (!plainFileMeta(meta)) checkFileMeta(c, meta, `signed.targets[${JSON.stringify(names[i])}]`);
  }
  const del = c.obj(s['delegations'], 'signed.delegations');
  const keys = checkKeys(c, del['keys'], 'signed.delegations.keys');
  if (del['roles'] === null) return s; // notary writes null after deleting the last delegation
  const roles = c.arr(del['roles'], 'signed.delegations.roles');
  roles.forEach((r, i) => {
    const p = `signed.delegations.roles[${i}]`;
    const d = checkRoleKeys(c, r, p, keys, true);
    const name = c.str(d['name'], `${p}.name`);
    if (!validDelegationName(name, role)) c.fail(`${p}.name`, `"${name}" is not a valid child delegation of ${role}`);
    if (d['paths'] !== undefined) c.strings(d['paths'], `${p}.paths`);
  });
  if (!roles.some((r) => (r as Obj)['keyids'] === null)) return s;
  // the typed body gets [] while signedValue keeps the null that was signed
  const typed = roles.map((r) => ((r as Obj)['keyids'] === null ? { ...(r as Obj), keyids: [] } : r));
  return { ...s, delegations: { ...del, roles: typed } };
}

function checkMeta(c: Checker, s: Obj, required: readonly string[]): void {
  const meta = c.obj(s['meta'], 'signed.meta');
  for (const r of required) if (!(r in meta)) c.fail('signed.meta', `has no "${r}" entry`);
  for (const [name, m] of Object.entries(meta)) {
    if (!plainFileMeta(m)) checkFileMeta(c, m, `signed.meta[${JSON.stringify(name)}]`);
  }
}

/** The `_type` a role's file must carry: 'Root', 'Targets' (also delegations), 'Snapshot', 'Timestamp'. */
export function expectedType(role: RoleName): AnySigned['_type'] {
  if (role === 'root') return 'Root';
  if (role === 'targets' || role.startsWith('targets/')) return 'Targets';
  if (role === 'snapshot') return 'Snapshot';
  if (role === 'timestamp') return 'Timestamp';
  throw new SignetError('TUF_MALFORMED', `unknown role name "${role}"`);
}

/**
 * Parses and validates a metadata file for `role`. `signedValue` (and `signed`) is the `signed`
 * object exactly as received; signature methods are lower-cased.
 * Throws SignetError 'TUF_MALFORMED' (bad UTF-8/JSON/shape) or 'TUF_WRONG_TYPE' (wrong `_type`).
 */
export function parseSignedFile(role: RoleName, raw: Uint8Array): SignedFile {
  const type = expectedType(role);
  const c = new Checker(`${role}.json`);
  let doc: unknown;
  try {
    doc = JSON.parse(fromUtf8(raw));
  } catch (e) {
    throw new SignetError('TUF_MALFORMED', `${c.file}: not valid UTF-8 JSON (${(e as Error).message})`, { cause: e });
  }
  const env = c.obj(doc, 'file');
  const signed = c.obj(env['signed'], 'signed');
  const signatures: SignatureJSON[] = c.arr(env['signatures'], 'signatures').map((v, i) => {
    const s = c.obj(v, `signatures[${i}]`);
    return {
      keyid: c.str(s['keyid'], `signatures[${i}].keyid`),
      method: c.str(s['method'], `signatures[${i}].method`).toLowerCase(),
      sig: c.b64(s['sig'], `signatures[${i}].sig`),
    };
  });
  const actual = signed['_type'];
  if (actual !== type) {
    throw new SignetError(
      'TUF_WRONG_TYPE',
      `${c.file} has _type ${JSON.stringify(actual ?? null)}, expected "${type}"`,
    );
  }
  c.int(signed['version'], 'signed.version', 1);
  const expires = c.str(signed['expires'], 'signed.expires');
  try {
    parseExpires(expires);
  } catch {
    c.fail('signed.expires', `is not an RFC3339 time: ${JSON.stringify(expires)}`);
  }
  if (type === 'Root') checkRoot(c, signed);
  let typed: Obj = signed;
  if (type === 'Targets') typed = checkTargets(c, signed, role);
  else if (type !== 'Root') checkMeta(c, signed, type === 'Snapshot' ? ['root', 'targets'] : ['snapshot']);
  return { role, raw, signedValue: signed, signed: typed as unknown as AnySigned, signatures };
}
