/**
 * Runtime guards for every request channel: each argument arrives as `unknown` (a compromised
 * renderer can send anything) and is parsed into the contract's type or refused with
 * {@link BadArgumentsError}. Modelled on electron/fiddle's isValidToken/isValidGistId guards; the
 * table is keyed by every channel, so adding a channel without a guard does not compile.
 */
import type {
  ChannelArgs,
  KeyImportRequest,
  PassphraseAnswer,
  RequestChannel,
  RotatableRoleDTO,
  SettingsPatch,
} from './contract.js';

export class BadArgumentsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadArgumentsError';
  }
}

const MAX_STRING = 4096;
const MAX_PASSPHRASE = 1024;
const MAX_LIST = 200;

function fail(what: string, expected: string): never {
  throw new BadArgumentsError(`${what}: expected ${expected}`);
}

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** A non-empty string without control characters (NUL, newlines), at most `max` long. */
export function str(x: unknown, what: string, max = MAX_STRING): string {
  if (typeof x !== 'string' || x.length === 0 || x.length > max)
    fail(what, `a non-empty string of at most ${max} characters`);
  if (/[\u0000-\u001f\u007f]/.test(x)) fail(what, 'a string without control characters');
  return x;
}

function optStr(x: unknown, what: string): string | undefined {
  return x === undefined ? undefined : str(x, what);
}

function bool(x: unknown, what: string): boolean {
  if (typeof x !== 'boolean') fail(what, 'true or false');
  return x;
}

function strList(x: unknown, what: string, { min = 0 } = {}): string[] {
  if (!Array.isArray(x) || x.length < min || x.length > MAX_LIST) fail(what, `a list of ${min}..${MAX_LIST} strings`);
  return x.map((v, i) => str(v, `${what}[${i}]`));
}

/** An object with exactly the allowed keys (unknown keys are refused, not ignored). */
function obj(x: unknown, what: string, allowed: readonly string[]): Record<string, unknown> {
  if (!isPlainObject(x)) fail(what, 'an object');
  for (const k of Object.keys(x))
    if (!allowed.includes(k)) fail(`${what}.${k}`, `no such field (allowed: ${allowed.join(', ')})`);
  return x;
}

/** Canonical key ID: 64 lowercase hex characters. */
export function keyId(x: unknown, what = 'keyId'): string {
  if (typeof x !== 'string' || !/^[0-9a-f]{64}$/.test(x)) fail(what, 'a key ID (64 hex characters)');
  return x;
}

/** A non-empty list of key IDs (with `distinct`, each at most once). */
function keyIdList(x: unknown, what: string, { distinct = false } = {}): string[] {
  if (!Array.isArray(x) || x.length === 0 || x.length > MAX_LIST) fail(what, 'a non-empty list of key IDs');
  const ids = x.map((k, i) => keyId(k, `${what}[${i}]`));
  if (distinct && new Set(ids).size !== ids.length) fail(what, 'a list of distinct key IDs');
  return ids;
}

/** An absolute file system path (POSIX or Windows). */
export function absPath(x: unknown, what = 'path'): string {
  const p = str(x, what);
  if (!(p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'))) fail(what, 'an absolute path');
  return p;
}

/** An image reference as typed by the user; core parses it properly and reports BAD_REFERENCE. */
export function reference(x: unknown, what = 'reference'): string {
  const r = str(x, what, 512);
  if (/\s/.test(r)) fail(what, 'an image reference without spaces');
  return r;
}

export function requestId(x: unknown, what = 'requestId'): string {
  if (typeof x !== 'string' || !/^[A-Za-z0-9_-]{8,64}$/.test(x)) fail(what, 'a request ID');
  return x;
}

const ROTATABLE: readonly RotatableRoleDTO[] = ['root', 'targets', 'snapshot', 'timestamp'];

function stringMap(x: unknown, what: string, value: (v: unknown, w: string) => string): Record<string, string> {
  if (!isPlainObject(x)) fail(what, 'an object of strings');
  const out: Record<string, string> = {};
  const entries = Object.entries(x);
  if (entries.length > MAX_LIST) fail(what, `at most ${MAX_LIST} entries`);
  for (const [k, v] of entries) out[str(k, `${what} key`, 255)] = value(v, `${what}[${k}]`);
  return out;
}

function httpUrl(x: unknown, what: string): string {
  const s = str(x, what);
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    fail(what, 'an http(s) URL');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') fail(what, 'an http(s) URL');
  return s;
}

/** Settings fields, shared by the IPC guard and the settings file validation. */
export function settingsPatch(x: unknown, what = 'settings'): SettingsPatch {
  const o = obj(x, what, ['trustServers', 'watchedRepositories', 'caPaths', 'keyStore', 'backedUpKeys']);
  const out: SettingsPatch = {};
  if (o['trustServers'] !== undefined) out.trustServers = stringMap(o['trustServers'], `${what}.trustServers`, httpUrl);
  if (o['watchedRepositories'] !== undefined)
    out.watchedRepositories = strList(o['watchedRepositories'], `${what}.watchedRepositories`).map((r, i) =>
      reference(r, `${what}.watchedRepositories[${i}]`),
    );
  if (o['caPaths'] !== undefined) out.caPaths = stringMap(o['caPaths'], `${what}.caPaths`, absPath);
  if (o['keyStore'] !== undefined) {
    if (o['keyStore'] !== 'keychain' && o['keyStore'] !== 'trust-dir')
      fail(`${what}.keyStore`, '"keychain" or "trust-dir"');
    out.keyStore = o['keyStore'];
  }
  if (o['backedUpKeys'] !== undefined) {
    if (!Array.isArray(o['backedUpKeys'])) fail(`${what}.backedUpKeys`, 'a list of key IDs');
    out.backedUpKeys = o['backedUpKeys'].map((k, i) => keyId(k, `${what}.backedUpKeys[${i}]`));
  }
  return out;
}

function keyImport(x: unknown): KeyImportRequest {
  if (isPlainObject(x) && 'trustDir' in x)
    return { trustDir: absPath(obj(x, 'request', ['trustDir'])['trustDir'], 'request.trustDir') };
  const o = obj(x, 'request', ['path', 'role', 'gun']);
  const role = optStr(o['role'], 'request.role');
  const gun = optStr(o['gun'], 'request.gun');
  return {
    path: absPath(o['path'], 'request.path'),
    ...(role !== undefined ? { role } : {}),
    ...(gun !== undefined ? { gun } : {}),
  };
}

function passphraseAnswer(x: unknown): PassphraseAnswer {
  const o = obj(x, 'answer', ['requestId', 'passphrase', 'remember']);
  const p = o['passphrase'];
  // a passphrase may contain any printable characters; it is never echoed in an error
  if (typeof p !== 'string' || p.length === 0 || p.length > MAX_PASSPHRASE)
    fail('answer.passphrase', `a string of 1..${MAX_PASSPHRASE} characters`);
  return {
    requestId: requestId(o['requestId'], 'answer.requestId'),
    passphrase: p,
    ...(o['remember'] !== undefined ? { remember: bool(o['remember'], 'answer.remember') } : {}),
  };
}

type Guard<K extends RequestChannel> = (args: readonly unknown[]) => ChannelArgs<K>;

const none = (args: readonly unknown[]): [] => {
  if (args.length !== 0 && !(args.length === 1 && args[0] === undefined)) fail('arguments', 'none');
  return [];
};
/** One argument, parsed by `parse`. */
const one =
  <T>(parse: (x: unknown) => T) =>
  (args: readonly unknown[]): [T] => {
    if (args.length !== 1) fail('arguments', 'exactly one argument');
    return [parse(args[0])];
  };
const withRef = (extra: readonly string[], build: (o: Record<string, unknown>) => object = () => ({})) =>
  one((x) => {
    const o = obj(x, 'request', ['reference', ...extra]);
    return { reference: reference(o['reference'], 'request.reference'), ...build(o) };
  });

/** The optional `stageOnly` flag of the write requests (kept out of the parsed request when absent). */
const stageOnly = (o: Record<string, unknown>): { stageOnly?: boolean } =>
  o['stageOnly'] !== undefined ? { stageOnly: bool(o['stageOnly'], 'request.stageOnly') } : {};

/** The guard per channel. */
export const guards: { readonly [K in RequestChannel]: Guard<K> } = {
  'app:info': none,
  'repositories:list': none,
  'repositories:add': one((x) => reference(x)),
  'repositories:remove': one((x) => reference(x)),
  'repositories:discovered': none,
  'trust:view': one((x) => reference(x)),
  'trust:resolveDigest': one((x) => reference(x)),
  'trust:rawMetadata': one((x) => reference(x)),
  'trust:sign': withRef(['signer', 'stageOnly'], (o) => ({
    ...(o['signer'] !== undefined ? { signer: str(o['signer'], 'request.signer', 255) } : {}),
    ...stageOnly(o),
  })),
  'trust:initialize': withRef(['rootKeyId', 'signer'], (o) => ({
    ...(o['rootKeyId'] !== undefined ? { rootKeyId: keyId(o['rootKeyId'], 'request.rootKeyId') } : {}),
    ...(o['signer'] !== undefined ? { signer: str(o['signer'], 'request.signer', 255) } : {}),
  })),
  'trust:addSigner': one((x) => {
    const o = obj(x, 'request', ['name', 'publicKeyPaths', 'keyIds', 'newKey', 'references', 'stageOnly']);
    const paths =
      o['publicKeyPaths'] !== undefined
        ? strList(o['publicKeyPaths'], 'request.publicKeyPaths', { min: 1 }).map((p, i) =>
            absPath(p, `request.publicKeyPaths[${i}]`),
          )
        : undefined;
    const ids = o['keyIds'] !== undefined ? keyIdList(o['keyIds'], 'request.keyIds', { distinct: true }) : undefined;
    const newKey = o['newKey'] !== undefined ? bool(o['newKey'], 'request.newKey') : undefined;
    if (paths === undefined && ids === undefined && newKey !== true)
      fail('request', 'the signer’s key: publicKeyPaths, keyIds or newKey: true');
    return {
      name: str(o['name'], 'request.name', 255),
      ...(paths !== undefined ? { publicKeyPaths: paths } : {}),
      ...(ids !== undefined ? { keyIds: ids } : {}),
      ...(newKey !== undefined ? { newKey } : {}),
      references: strList(o['references'], 'request.references', { min: 1 }).map((r, i) =>
        reference(r, `request.references[${i}]`),
      ),
      ...stageOnly(o),
    };
  }),
  'trust:removeSignerPreview': withRef(['name'], (o) => ({
    name: str(o['name'], 'request.name', 255),
  })) as Guard<'trust:removeSignerPreview'>,
  'trust:removeSigner': one((x) => {
    const o = obj(x, 'request', ['name', 'references', 'confirmed', 'stageOnly']);
    return {
      name: str(o['name'], 'request.name', 255),
      references: strList(o['references'], 'request.references', { min: 1 }).map((r, i) =>
        reference(r, `request.references[${i}]`),
      ),
      confirmed: bool(o['confirmed'], 'request.confirmed'),
      ...stageOnly(o),
    };
  }),
  'trust:revoke': withRef(['confirmAll', 'stageOnly'], (o) => ({
    ...(o['confirmAll'] !== undefined ? { confirmAll: bool(o['confirmAll'], 'request.confirmAll') } : {}),
    ...stageOnly(o),
  })),
  'trust:stagedChanges': one((x) => reference(x)),
  'trust:publishStaged': one((x) => reference(x)),
  'trust:discardStaged': withRef(['ids'], (o) =>
    o['ids'] !== undefined ? { ids: strList(o['ids'], 'request.ids', { min: 1 }) } : {},
  ),
  'trust:rotateKey': withRef(['role', 'serverManaged'], (o) => {
    if (!ROTATABLE.includes(o['role'] as RotatableRoleDTO)) fail('request.role', ROTATABLE.join(', '));
    return { role: o['role'] as RotatableRoleDTO, serverManaged: bool(o['serverManaged'], 'request.serverManaged') };
  }) as Guard<'trust:rotateKey'>,
  'trust:witness': withRef(['roles'], (o) => ({
    roles: strList(o['roles'], 'request.roles', { min: 1 }),
  })) as Guard<'trust:witness'>,
  'keys:list': none,
  'keys:generate': one((x) => {
    const o = obj(x, 'request', ['role', 'gun']);
    const gun = optStr(o['gun'], 'request.gun');
    return { role: str(o['role'], 'request.role', 255), ...(gun !== undefined ? { gun } : {}) };
  }),
  'keys:import': one(keyImport),
  'keys:export': one((x) => {
    const o = obj(x, 'request', ['keyId', 'path']);
    return { keyId: keyId(o['keyId'], 'request.keyId'), path: absPath(o['path'], 'request.path') };
  }),
  'keys:changePassphrase': one((x) => ({ keyId: keyId(obj(x, 'request', ['keyId'])['keyId'], 'request.keyId') })),
  'keys:delete': one((x) => ({ keyId: keyId(obj(x, 'request', ['keyId'])['keyId'], 'request.keyId') })),
  'keys:forgetPassphrase': one((x) => ({ keyId: keyId(obj(x, 'request', ['keyId'])['keyId'], 'request.keyId') })),
  'keys:backupReminder': none,
  'keys:acknowledgeBackup': one((x) => ({
    keyIds: keyIdList(obj(x, 'request', ['keyIds'])['keyIds'], 'request.keyIds'),
  })),
  'settings:get': none,
  'settings:update': one((x) => settingsPatch(x, 'patch')),
  'passphrase:answer': one(passphraseAnswer),
  'passphrase:cancel': one((x) => ({ requestId: requestId(obj(x, 'request', ['requestId'])['requestId']) })),
};

/** Parses a channel's raw arguments (throws BadArgumentsError). */
export function parseArgs<K extends RequestChannel>(channel: K, args: readonly unknown[]): ChannelArgs<K> {
  return (guards[channel] as Guard<K>)(args);
}
