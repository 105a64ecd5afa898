/**
 * Runtime guards for every request channel: each argument arrives as `unknown` (a compromised
 * renderer can send anything) and is parsed into the contract's type or refused with
 * {@link BadArgumentsError}. One valibot schema per channel (argument tuple), whose output type
 * must be the channel's argument type: the table is keyed by every channel, so adding a channel
 * without a guard, or with a guard that parses into another type, does not compile.
 *
 * Objects must be plain (no prototype but Object's) and carry only the allowed fields; every error
 * message names the field and what was expected, and never echoes the value (passphrases).
 *
 * No channel takes a file path: a file is named by the handle main's dialog returned
 * (`files:chooseSave` / `files:chooseOpen`), 32 hex characters, which no path can pass for.
 */
import * as v from 'valibot';
import type { ChannelArgs, RequestChannel, Settings } from './contract.js';
import {
  MAX_PASSPHRASE,
  MAX_LIST,
  isPlainObject,
  text,
  keyId,
  fileHandle,
  fileName,
  archiveId,
  absPath,
  reference,
  registryHost,
  whole,
  requestId,
  bool,
  httpUrl,
  list,
  exact,
  stringMap,
  stageOnly,
} from './guard-fields.js';

export { isPlainObject } from './guard-fields.js';

/** Every field of the settings file but its version (main's own patches may set CA file paths). */
export type StoredSettingsPatch = Partial<Omit<Settings, 'version'>>;

export class BadArgumentsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadArgumentsError';
  }
}

/* ------------------------------------------------------------------ settings */

const settingsFields = {
  trustServers: v.optional(stringMap(httpUrl)),
  watchedRepositories: v.optional(list(reference, 'image references')),
  keyStore: v.optional(v.picklist(['keychain', 'trust-dir'], '"keychain" or "trust-dir"')),
  backedUpKeys: v.optional(v.array(keyId, 'a list of key IDs')),
  watchedRegistries: v.optional(list(registryHost, 'registries', { distinct: true })),
};
/** What the renderer may change: no CA file paths (settings:setCaFile takes a chosen file). */
const settingsPatchSchema = exact(settingsFields);
/** The settings file main reads: CA files are kept there by path. */
const storedSettingsSchema = exact({
  ...settingsFields,
  caPaths: v.optional(stringMap(absPath)),
  pkcs11Module: v.optional(v.union([absPath, v.literal('off')], 'a module path or "off"')),
});

/* ------------------------------------------------------------------ trust pinning */

const certIds = list(
  v.pipe(v.string('a certificate ID'), v.regex(/^[0-9a-f]{64}$/, 'a certificate ID (64 hex characters)')),
  'certificate IDs',
  { min: 1, distinct: true },
);

const pinsPatch = exact({
  certs: v.optional(
    v.pipe(
      v.custom<Record<string, unknown>>(isPlainObject, 'an object of repository → certificate IDs'),
      v.record(reference, certIds, 'an object of repository → certificate IDs'),
      v.check((m) => Object.keys(m).length <= MAX_LIST, `at most ${MAX_LIST} entries`),
    ),
  ),
  disableTofu: v.optional(bool),
});

/** A repository prefix a CA is pinned for (e.g. registry.example.com/team/). */
const pinPrefix = v.pipe(
  text(512),
  v.check((p) => !/\s/.test(p), 'a repository prefix without spaces'),
);

/* ------------------------------------------------------------------ requests */

/** A channel's argument tuple: no argument (or an explicit undefined), or exactly one. */
const none = v.pipe(
  v.union([v.strictTuple([]), v.strictTuple([v.undefined()])], 'none'),
  v.transform((): [] => []),
);
const one = <T extends v.GenericSchema>(arg: T) =>
  v.pipe(
    v.custom<unknown[]>((a) => Array.isArray(a) && a.length === 1, 'exactly one argument'),
    v.strictTuple([arg]),
  );

const keyRequest = one(exact({ keyId }));

const addSigner = exact({
  name: text(255),
  publicKeyFiles: v.optional(list(fileHandle, 'files chosen in Signet’s file dialog', { min: 1, distinct: true })),
  keyIds: v.optional(list(keyId, 'key IDs', { min: 1, distinct: true })),
  newKey: v.optional(bool),
  references: list(reference, 'image references', { min: 1 }),
  stageOnly,
});

/** A point of the history: a publish number, "latest" or a time; core parses it and says what is wrong. */
const point = text(64);
const historyFields = { reference, archive: v.optional(archiveId), offline: v.optional(bool) };
/** An archive is read instead of the server, so "offline" with an archive is a contradiction. */
const oneSource = <T extends { archive?: string; offline?: boolean }>() =>
  v.check<T, string>((r) => !(r.archive !== undefined && r.offline), 'an archive or offline, not both');
const historyRequest = v.pipe(exact(historyFields), oneSource());

/** What a migration (plan or run) covers, as `signet migrate` takes it. */
const migrateRequest = exact({
  operationId: requestId,
  targets: list(reference, 'registries and repositories', { min: 1, distinct: true }),
  concurrency: v.optional(whole(1, 64)),
});

/** The schema per channel; its output must be the channel's argument tuple. */
type Guards = { readonly [K in RequestChannel]: v.GenericSchema<unknown, ChannelArgs<K>> };

export const guards: Guards = {
  'app:info': none,
  'repositories:list': none,
  'repositories:add': one(reference),
  'repositories:remove': one(reference),
  'repositories:discovered': none,
  'repositories:addRegistry': one(registryHost),
  'repositories:registries': none,
  'repositories:removeRegistry': one(registryHost),
  'audit:run': one(
    v.pipe(
      exact({
        operationId: requestId,
        targets: list(reference, 'registries and repositories', { distinct: true }),
        archives: v.optional(list(archiveId, 'opened archives’ IDs', { min: 1, distinct: true })),
        warnDays: v.optional(whole(0, 36_500)),
        concurrency: v.optional(whole(1, 64)),
        offline: v.optional(bool),
      }),
      v.check(
        (r) => r.targets.length + (r.archives?.length ?? 0) > 0,
        'at least one registry, repository or opened archive',
      ),
    ),
  ),
  'audit:cancel': one(exact({ operationId: requestId })),
  'audit:export': one(
    exact({
      operationId: requestId,
      format: v.picklist(['json', 'csv', 'ics'], '"json", "csv" or "ics"'),
      file: fileHandle,
    }),
  ),
  'migrate:plan': one(migrateRequest),
  'migrate:run': one(migrateRequest),
  'migrate:cancel': one(exact({ operationId: requestId })),
  'migrate:exportPolicies': one(
    exact({
      operationId: requestId,
      folder: fileHandle,
      targets: v.optional(list(reference, 'registries and repositories', { min: 1, distinct: true })),
    }),
  ),
  'trust:view': one(reference),
  'trust:resolveDigest': one(reference),
  'trust:rawMetadata': one(reference),
  'trust:signingPlan': one(
    exact({ reference, signer: v.optional(text(255)), rootKeyId: v.optional(keyId), fresh: v.optional(bool) }),
  ),
  'trust:sign': one(
    exact({
      reference,
      signer: v.optional(text(255)),
      rootKeyId: v.optional(keyId),
      stageOnly,
      fresh: v.optional(bool),
    }),
  ),
  'trust:initialize': one(exact({ reference, rootKeyId: v.optional(keyId), signer: v.optional(text(255)) })),
  'trust:addSigner': one(
    v.pipe(
      addSigner,
      v.check(
        (r) => r.publicKeyFiles !== undefined || r.keyIds !== undefined || r.newKey === true,
        'the signer’s key: publicKeyFiles, keyIds or newKey: true',
      ),
    ),
  ),
  'trust:removeSignerPreview': one(exact({ name: text(255), reference })),
  'trust:removeSigner': one(
    exact({ name: text(255), references: list(reference, 'image references', { min: 1 }), confirmed: bool, stageOnly }),
  ),
  'trust:revoke': one(exact({ reference, confirmAll: v.optional(bool), stageOnly })),
  'trust:stagedChanges': one(reference),
  'trust:publishStaged': one(reference),
  'trust:discardStaged': one(exact({ reference, ids: v.optional(list(text(), 'change IDs', { min: 1 })) })),
  'trust:rotateKey': one(
    exact({
      reference,
      role: v.picklist(['root', 'targets', 'snapshot', 'timestamp'], 'root, targets, snapshot or timestamp'),
      serverManaged: bool,
    }),
  ),
  'trust:witness': one(exact({ reference, roles: list(text(), 'role names', { min: 1 }) })),
  'registry:tags': one(reference),
  'engine:localImages': one(reference),
  'engine:push': one(exact({ operationId: requestId, reference })),
  'engine:cancel': one(exact({ operationId: requestId })),
  'pins:get': none,
  'pins:update': one(pinsPatch),
  'pins:pinRoot': one(exact({ reference, archive: v.optional(archiveId) })),
  'pins:setCa': one(exact({ prefix: pinPrefix, file: fileHandle })),
  'pins:removeCa': one(exact({ prefix: pinPrefix })),
  'keys:list': none,
  'keys:generate': one(exact({ role: text(255), gun: v.optional(text()), token: v.optional(text(64)) })),
  'keys:tokens': none,
  'keys:setTokenModule': one(exact({ file: fileHandle })),
  'keys:resetTokenModule': one(exact({ off: bool })),
  'keys:copyToToken': one(exact({ keyId, token: text(64), removeSoftwareCopy: bool })),
  'keys:import': one(
    v.union(
      [exact({ trustDir: fileHandle }), exact({ file: fileHandle, role: v.optional(text()), gun: v.optional(text()) })],
      'a key file ({ file, role?, gun? }) or a trust dir ({ trustDir }), chosen in Signet’s file dialog',
    ),
  ),
  'keys:export': one(exact({ keyId, file: fileHandle })),
  'keys:exportCosign': one(exact({ keyId, file: fileHandle })),
  'keys:changePassphrase': keyRequest,
  'keys:delete': keyRequest,
  'keys:forgetTokenKey': keyRequest,
  'keys:forgetPassphrase': keyRequest,
  'keys:backupReminder': none,
  'keys:acknowledgeBackup': one(exact({ keyIds: list(keyId, 'key IDs', { min: 1 }) })),
  'settings:get': none,
  'settings:update': one(settingsPatchSchema),
  'settings:setCaFile': one(exact({ host: registryHost, file: fileHandle })),
  'settings:removeCaFile': one(exact({ host: registryHost })),
  'files:chooseSave': one(
    exact({
      purpose: v.picklist(
        ['audit-report', 'audit-csv', 'calendar', 'archive', 'key-export', 'cosign-key'],
        'audit-report, audit-csv, calendar, archive, key-export or cosign-key',
      ),
      suggestedName: v.optional(fileName),
    }),
  ),
  'files:chooseOpen': one(
    exact({
      purpose: v.picklist(
        [
          'archive',
          'key-import',
          'trust-dir',
          'public-key',
          'ca-certificate',
          'policy-dir',
          'archive-dir',
          'pkcs11-module',
        ],
        'archive, key-import, trust-dir, public-key, ca-certificate, policy-dir, archive-dir or pkcs11-module',
      ),
    }),
  ),
  'history:read': one(historyRequest),
  'history:diff': one(v.pipe(exact({ ...historyFields, from: point, to: point }), oneSource())),
  'history:openArchive': one(exact({ file: fileHandle })),
  'history:writeArchive': one(exact({ reference, file: fileHandle })),
  'history:writeArchives': one(
    exact({ references: list(reference, 'repositories', { min: 1, distinct: true }), folder: fileHandle }),
  ),
  'passphrase:answer': one(
    exact({
      requestId,
      // any printable characters; never echoed in an error
      passphrase: v.pipe(
        v.string(`a string of 1..${MAX_PASSPHRASE} characters`),
        v.check((p) => p.length > 0 && p.length <= MAX_PASSPHRASE, `a string of 1..${MAX_PASSPHRASE} characters`),
      ),
      remember: v.optional(bool),
    }),
  ),
  'passphrase:cancel': one(exact({ requestId })),
};

/** Where an issue is ("request.references[2]") and what was expected there; never the value itself. */
function describeIssue(root: string, issue: v.BaseIssue<unknown>): string {
  let where = root;
  let path: readonly v.IssuePathItem[] = issue.path ?? [];
  // a channel's single argument is "request" (or what it is), not "arguments[0]"
  if (root === 'arguments' && path[0]?.key === 0) [where, path] = ['request', path.slice(1)];
  for (const item of path) {
    const key: unknown = item.key;
    where += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  }
  return `${where}: expected ${issue.message}`;
}

/** Parses `input` with `schema`, or throws BadArgumentsError naming the first problem. */
function parse<T>(schema: v.GenericSchema<unknown, T>, input: unknown, root: string): T {
  const r = v.safeParse(schema, input, {
    abortEarly: true,
    // schemas without their own message: say what was expected, never what was received
    message: (issue) => issue.expected ?? 'a valid value',
  });
  if (r.success) return r.output;
  throw new BadArgumentsError(describeIssue(root, r.issues[0]));
}

/**
 * A string that names a file: an absolute POSIX or Windows path, a UNC share (`\\\\server\\share`,
 * `//server/share`), a home-relative path or a file: URL. No field of any request may hold one.
 */
export function isPathShaped(s: string): boolean {
  return /^(?:[\\/~]|[A-Za-z]:[\\/]|file:)/i.test(s);
}

/** Where in the parsed arguments a string names a file (passphrases are exempt: they are never paths, and may look like one). */
function pathField(x: unknown, where: string): string | undefined {
  if (typeof x === 'string') return isPathShaped(x) ? where : undefined;
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      const found = pathField(x[i], `${where}[${i}]`);
      if (found) return found;
    }
  } else if (x !== null && typeof x === 'object') {
    for (const [k, val] of Object.entries(x)) {
      if (k === 'passphrase') continue;
      // record keys (registries, repositories) cannot be paths either
      const found = (isPathShaped(k) ? `${where}.${k}` : undefined) ?? pathField(val, `${where}.${k}`);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Parses a channel's raw arguments (throws BadArgumentsError). Beyond each channel's schema, no
 * request may carry a file path anywhere: files are chosen in main's dialogs and named by handle.
 */
export function parseArgs<K extends RequestChannel>(channel: K, args: readonly unknown[]): ChannelArgs<K> {
  const parsed = parse(guards[channel], args, 'arguments');
  const where = pathField(parsed, 'arguments');
  if (where)
    throw new BadArgumentsError(
      `${where.replace(/^arguments\[0\]/, 'request')}: expected no file path (files are chosen in Signet’s file dialog)`,
    );
  return parsed;
}

/** The settings file's fields (the IPC patch's, plus CA file paths), for the settings file validation. */
export function storedSettings(x: unknown, what = 'settings'): StoredSettingsPatch {
  return parse(storedSettingsSchema, x, what);
}
