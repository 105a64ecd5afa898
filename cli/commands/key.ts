/**
 * `signet key ...`: a drop-in for `docker trust key generate|load` (same messages, files and modes)
 * plus notary-style key management (list, import, export, passwd, remove), over docker's trust dir
 * and, with --keychain, the OS keychain.
 */
import { chmod, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { decryptPrivateKey, publicKeyPem, readKeyFileHeaders } from '../../core/crypto/key-file.js';
import { decodePemBlocks, encodePem } from '../../core/crypto/pem.js';
import { SignetError, isSignetError } from '../../core/errors.js';
import { CryptoService } from '../../core/keystore/crypto-service.js';
import type { KeyLocation, KeyStore, StoredKeyInfo } from '../../core/keystore/key-store.js';
import { displayAlias, type PassphraseRequest, type PassphraseSource } from '../../core/keystore/passphrase.js';
import { KeychainKeyStore } from '../../core/node/keychain-key-store.js';
import { ChainedPassphraseSource, EnvPassphraseSource, TtyPassphraseSource } from '../../core/node/passphrase-sources.js';
import { TrustDirKeyStore } from '../../core/node/trust-dir-key-store.js';
import { parseArgs, UsageError, type FlagSpec } from '../args.js';
import type { CliIO } from '../io.js';
import type { InteractiveIO } from './repo.js';
import { keyRotateCommand } from './rotate.js';

export const KEY_USAGE = `Usage:  signet key [--keychain] COMMAND

Manage signing keys (drop-in for docker trust key, plus notary-style key management)

Commands:
  generate NAME [--dir DIR]            Generate and load a signing key-pair; writes DIR/NAME.pub (as docker trust key generate)
  load [--name NAME] FILE              Load a private key file, default name "signer" (as docker trust key load)
  list [--format json]                 List private keys: ROLE, GUN, KEY ID, LOCATION
  import FILE [--role ROLE] [--gun GUN]
                                       Import a private key file (as notary key import)
  import --from-trust-dir ID [--move]  Copy (or move) a trust-dir key into the OS keychain
  export ID [--output FILE]            Write a key as notary's encrypted PEM (mode 0600, never overwrites)
  passwd ID                            Change the passphrase of a key
  remove ID [-y]                       Delete a private key (asks to type its 7-character ID prefix unless -y)
  rotate REPOSITORY ROLE               Rotate a repository key (as notary key rotate; see 'signet key rotate --help')

Global options:
      --keychain   New and imported keys go to the OS keychain; keys are looked up and listed
                   in the keychain and the trust dir. Default: docker's trust dir only
                   ($DOCKER_CONFIG/trust/private), exactly where docker and notary keep them.

Key IDs may be abbreviated to any unique prefix.
Passphrases: DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE (root keys), DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE
(every other key), else a prompt on the terminal. 'key passwd' reads the new passphrase from
SIGNET_NEW_PASSPHRASE, else from the terminal.
`;

/** Where `key passwd` reads the new passphrase when there is no terminal. */
export const NEW_PASSPHRASE_ENV = 'SIGNET_NEW_PASSPHRASE';

/** docker's key name rule (cli/command/trust/key_generate.go validKeyName). */
const KEY_NAME = /^[a-z0-9][a-z0-9_-]*$/;
const badName = (name: string): string =>
  `key name "${name}" must start with lowercase alphanumeric characters and can include "-" or "_" after the first character`;
const LOCATION_NAME: Record<KeyLocation, string> = { keychain: 'keychain', 'trust-dir': 'trust dir', memory: 'memory' };
const short = (id: string): string => id.slice(0, 7);

/** A failure printed as one docker-like line, then `  cause:` / `  hint:` lines; never a stack trace. */
class KeyCommandError extends Error {
  constructor(
    readonly headline: string,
    readonly causeError?: unknown,
    readonly hint?: string,
  ) {
    super(headline);
  }
}

function describe(e: unknown): string {
  if (e instanceof KeyCommandError) {
    let out = `${e.headline}\n`;
    const c = e.causeError;
    if (isSignetError(c)) {
      out += `  cause: ${c.message} [${c.code}]\n`;
      if (c.hint ?? e.hint) out += `  hint: ${c.hint ?? e.hint}\n`;
    } else {
      if (c !== undefined) out += `  cause: ${c instanceof Error ? c.message : String(c)}\n`;
      if (e.hint) out += `  hint: ${e.hint}\n`;
    }
    return out;
  }
  if (isSignetError(e)) return `${e.message}\n${e.hint ? `  hint: ${e.hint}\n` : ''}`;
  return `${e instanceof Error ? e.message : String(e)}\n`;
}

interface Context {
  io: CliIO;
  keychain: boolean;
  trustDir: TrustDirKeyStore;
  /** [keychain, trust dir] with --keychain, else [trust dir]. */
  stores: KeyStore[];
  passphrases: PassphraseSource;
}

function context(io: CliIO, keychain: boolean): Context {
  const trustDir = TrustDirKeyStore.fromEnv(io.env);
  const stores: KeyStore[] = keychain ? [new KeychainKeyStore(), trustDir] : [trustDir];
  const passphrases = new ChainedPassphraseSource([new EnvPassphraseSource(io.env), new TtyPassphraseSource()]);
  return { io, keychain, trustDir, stores, passphrases };
}

const service = (ctx: Context, passphrases: PassphraseSource = ctx.passphrases, stores: KeyStore[] = ctx.stores): CryptoService =>
  new CryptoService({ stores, passphrases });

type Sub = (args: string[], ctx: Context) => Promise<number>;
const SUBCOMMANDS: Record<string, { run: Sub; spec: FlagSpec }> = {
  generate: { run: generate, spec: { withValue: ['--dir'], aliases: { '-d': '--dir' } } },
  load: { run: load, spec: { withValue: ['--name'] } },
  list: { run: list, spec: { withValue: ['--format'], aliases: { '-f': '--format' } } },
  ls: { run: list, spec: { withValue: ['--format'], aliases: { '-f': '--format' } } },
  import: { run: importCmd, spec: { withValue: ['--role', '--gun', '--from-trust-dir'], booleans: ['--move'], aliases: { '-r': '--role', '-g': '--gun' } } },
  export: { run: exportCmd, spec: { withValue: ['--output'], aliases: { '-o': '--output' } } },
  passwd: { run: passwd, spec: {} },
  remove: { run: remove, spec: { booleans: ['--yes'], aliases: { '-y': '--yes' } } },
  rm: { run: remove, spec: { booleans: ['--yes'], aliases: { '-y': '--yes' } } },
};

/**
 * `signet key ...`: exit 0 on success, 1 on any failure (usage errors are thrown as UsageError).
 * Global flags may come before the subcommand (cli/main.ts puts `signet --keychain key ...` ones there):
 * --keychain (or after it), and --server URL, which only `key rotate` uses.
 */
export async function keyCommand(argv: string[], io: CliIO): Promise<number> {
  let keychain = false;
  let help = false;
  let server: string | undefined;
  let idx = 0;
  for (; idx < argv.length; idx++) {
    const a = argv[idx]!;
    if (a === '--keychain') keychain = true;
    else if (a === '--help' || a === '-h') help = true;
    else if (a.startsWith('--server=')) server = a.slice('--server='.length);
    else if (a === '--server') {
      server = argv[++idx];
      if (server === undefined) throw new UsageError('flag needs an argument: --server');
    } else if (a.startsWith('-')) throw new UsageError(`unknown flag: ${a}`);
    else break;
  }
  if (idx >= argv.length) {
    io.stdout(KEY_USAGE);
    return help ? 0 : 1;
  }
  const name = argv[idx]!;
  const rest = argv.slice(idx + 1);
  if (name === 'rotate') {
    // notary's `key rotate`: a repository operation, implemented in rotate.ts
    const globals = [...(keychain ? ['--keychain'] : []), ...(server !== undefined ? ['--server', server] : [])];
    return keyRotateCommand([...rest, ...(help ? ['--help'] : []), ...globals], io);
  }
  const sub = SUBCOMMANDS[name];
  if (!sub) throw new UsageError(`unknown key command: ${name}`);
  const parsed = argsOf(rest, name);
  if (help || parsed.flags.has('--help')) {
    io.stdout(KEY_USAGE);
    return 0;
  }
  const ctx = context(io, keychain || parsed.flags.has('--keychain'));
  try {
    return await sub.run(rest, ctx);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    io.stderr(describe(e));
    return 1;
  }
}

/** Parses a subcommand's own arguments (the global --keychain is accepted anywhere). */
function argsOf(args: string[], name: string): ReturnType<typeof parseArgs> {
  const spec = SUBCOMMANDS[name]!.spec;
  return parseArgs(args, { ...spec, booleans: [...(spec.booleans ?? []), '--keychain', '--help'], aliases: { ...spec.aliases, '-h': '--help' } });
}

function exactly(positionals: string[], n: number, what: string): void {
  if (positionals.length !== n) throw new UsageError(`"signet key ${what}" requires exactly ${n} argument${n === 1 ? '' : 's'}.`);
}

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException)?.code;

// ---------------------------------------------------------------- generate

/** docker trust key generate: same checks, order, messages, files (NAME.pub 0600, `role: NAME`). */
async function generate(argv: string[], ctx: Context): Promise<number> {
  const { flags, positionals } = argsOf(argv, 'generate');
  exactly(positionals, 1, 'generate');
  const name = positionals[0]!;
  const dirFlag = flags.get('--dir');
  const dir = typeof dirFlag === 'string' && dirFlag !== '' ? dirFlag : process.cwd();
  if (!KEY_NAME.test(name)) throw new KeyCommandError(badName(name));
  try {
    await stat(dir);
  } catch (e) {
    if (errno(e) === 'ENOENT') throw new KeyCommandError(`public key path does not exist: "${dir}"`);
    throw new KeyCommandError(`cannot use public key path "${dir}"`, e);
  }
  const pubPath = join(dir, `${name}.pub`);
  if (await exists(pubPath)) throw new KeyCommandError(`public key file already exists: "${pubPath}"`);
  ctx.io.stdout(`Generating key for ${name}...\n`);
  let key;
  try {
    ({ key } = await service(ctx).generateKey(name));
  } catch (e) {
    throw new KeyCommandError(`failed to generate key for ${name}`, e);
  }
  try {
    await writeNewFile(pubPath, publicKeyPem(key.publicKey, name), { atomic: true });
  } catch (e) {
    throw new KeyCommandError(`failed to write public key to ${pubPath}`, e, `the private key ${key.canonicalId} was stored; signet key export ${short(key.canonicalId)} gives it back`);
  }
  ctx.io.stdout(`Successfully generated and loaded private key. Corresponding public key available: ${pubPath}\n`);
  return 0;
}

// ---------------------------------------------------------------- load

/**
 * docker trust key load: name check, `Loading key from "FILE"...`, the permission check, then the
 * import. Unlike docker 28 an encrypted file is really imported: its passphrase is asked and kept.
 * As in docker, a `role:` header in the file wins over --name (the name is the fallback).
 */
async function load(argv: string[], ctx: Context): Promise<number> {
  const { flags, positionals } = argsOf(argv, 'load');
  exactly(positionals, 1, 'load');
  const file = positionals[0]!;
  const nameFlag = flags.get('--name');
  const name = typeof nameFlag === 'string' ? nameFlag : 'signer';
  if (name !== '' && !KEY_NAME.test(name)) throw new KeyCommandError(badName(name));
  ctx.io.stdout(`Loading key from "${file}"...\n`);
  let text: string;
  try {
    const st = await stat(file);
    if ((st.mode & 0o077) !== 0) throw new Error(`private key file ${file} must not be readable or writable by others`);
    text = await readFile(file, 'utf8');
  } catch (e) {
    const message = errno(e) === 'ENOENT' ? `stat ${file}: no such file or directory` : (e as Error).message;
    throw new KeyCommandError(`refusing to load key from ${file}: ${message}`);
  }
  const blocks = privateKeyBlocks(text);
  if (blocks.length === 0) {
    throw new KeyCommandError(`error importing key from ${file}: provided file ${file} is not a supported private key - to add a signer's public key use docker trust signer add`);
  }
  const svc = service(ctx);
  for (const block of blocks) {
    const role = block.headers.role || name || 'signer';
    try {
      await svc.importKey(block.pem, { role });
    } catch (e) {
      const encrypted = readKeyFileHeaders(block.pem).encrypted;
      const what =
        encrypted && (isSignetError(e, 'KEY_WRONG_PASSPHRASE') || isSignetError(e, 'KEY_CANCELLED') || isSignetError(e, 'BAD_INPUT'))
          ? `cannot load key from provided file ${file}: could not decrypt key`
          : isSignetError(e, 'KEY_CANCELLED')
            ? 'no passphrase to encrypt the key with'
            : 'the key could not be read or stored';
      throw new KeyCommandError(`error importing key from ${file}: ${what}`, e);
    }
  }
  ctx.io.stdout(`Successfully imported key from ${file}\n`);
  return 0;
}

// ---------------------------------------------------------------- list

interface ListedKey {
  id: string;
  role: string;
  gun?: string;
  locations: KeyLocation[];
}

async function listAll(ctx: Context): Promise<ListedKey[]> {
  const byId = new Map<string, ListedKey>();
  for (const store of ctx.stores) {
    for (const info of await store.list()) {
      const seen = byId.get(info.id);
      if (seen) {
        if (!seen.locations.includes(info.location)) seen.locations.push(info.location);
      } else {
        byId.set(info.id, { id: info.id, role: info.role, ...(info.gun ? { gun: info.gun } : {}), locations: [info.location] });
      }
    }
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...byId.values()].sort((a, b) => cmp(a.role, b.role) || cmp(a.id, b.id));
}

async function list(argv: string[], ctx: Context): Promise<number> {
  const { flags, positionals } = argsOf(argv, 'list');
  exactly(positionals, 0, 'list');
  const format = flags.get('--format');
  if (format !== undefined && format !== 'json' && format !== 'table') throw new UsageError(`unsupported --format ${String(format)}: use json or table`);
  let keys: ListedKey[];
  try {
    keys = await listAll(ctx);
  } catch (e) {
    throw new KeyCommandError('cannot list keys', e);
  }
  if (format === 'json') {
    const rows = keys.map((k) => ({ role: k.role, ...(k.gun ? { gun: k.gun } : {}), id: k.id, location: k.locations[0], locations: k.locations }));
    ctx.io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (keys.length === 0) {
    ctx.io.stdout('No signing keys found.\n');
    return 0;
  }
  const rows = [['ROLE', 'GUN', 'KEY ID', 'LOCATION'], ...keys.map((k) => [k.role, k.gun ?? '', k.id, k.locations.map((l) => LOCATION_NAME[l]).join(', ')])];
  ctx.io.stdout(table(rows));
  return 0;
}

/** docker's tabwriter layout: columns padded to their widest cell plus 3 spaces, last column unpadded. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]! + 3))).join('').trimEnd() + '\n').join('');
}

// ---------------------------------------------------------------- import

interface KeyBlock {
  pem: string;
  headers: Record<string, string>;
}

/**
 * The private key blocks of a file, each re-encoded in Go's PEM form without notary's export-only
 * `path:` header (notary strips it on import too). Public keys, certificates and EC PARAMETERS are skipped.
 */
function privateKeyBlocks(text: string): KeyBlock[] {
  let blocks;
  try {
    blocks = decodePemBlocks(text);
  } catch {
    return [];
  }
  const out: KeyBlock[] = [];
  for (const b of blocks) {
    if (!/PRIVATE KEY$/.test(b.type)) continue;
    const { path: _path, ...headers } = b.headers;
    const pem = encodePem(b.type, b.bytes, headers);
    try {
      readKeyFileHeaders(pem);
    } catch {
      continue;
    }
    out.push({ pem, headers });
  }
  return out;
}

async function importCmd(argv: string[], ctx: Context): Promise<number> {
  const { flags, positionals } = argsOf(argv, 'import');
  const from = flags.get('--from-trust-dir');
  if (typeof from === 'string') {
    exactly(positionals, 0, 'import --from-trust-dir ID');
    return importFromTrustDir(from, flags.has('--move'), ctx);
  }
  if (flags.has('--move')) throw new UsageError('--move is only for --from-trust-dir');
  exactly(positionals, 1, 'import');
  const file = positionals[0]!;
  const role = flags.get('--role');
  const gun = flags.get('--gun');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new KeyCommandError(`cannot read ${file}`, e);
  }
  const blocks = privateKeyBlocks(text);
  if (blocks.length === 0) throw new KeyCommandError(`${file} holds no supported private key`, undefined, 'expected a PEM private key (ENCRYPTED PRIVATE KEY, PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY)');
  const svc = service(ctx);
  for (const block of blocks) {
    let info: StoredKeyInfo;
    try {
      info = await svc.importKey(block.pem, { ...(typeof role === 'string' ? { role } : {}), ...(typeof gun === 'string' ? { gun } : {}) });
    } catch (e) {
      throw new KeyCommandError(`cannot import key from ${file}`, e);
    }
    ctx.io.stdout(`Imported key ${info.id} (role ${info.role}${info.gun ? `, gun ${info.gun}` : ''}) into the ${LOCATION_NAME[info.location]}\n`);
  }
  return 0;
}

/**
 * Copies a trust-dir key into the keychain unchanged (still encrypted with its passphrase), then
 * reads the keychain entry back and decrypts it; with --move the trust-dir file is deleted only then.
 */
async function importFromTrustDir(idArg: string, move: boolean, ctx: Context): Promise<number> {
  const keychain = (ctx.stores.find((s) => s.location === 'keychain') as KeychainKeyStore | undefined) ?? new KeychainKeyStore();
  const id = await resolveId(idArg, [ctx.trustDir]);
  const stored = await ctx.trustDir.get(id);
  if (!stored) throw new KeyCommandError(`no private key with ID ${idArg} in ${ctx.trustDir.describe()}`);
  const answers = new Map<string, string>();
  const recording: PassphraseSource = {
    get: async (r) => {
      const p = await ctx.passphrases.get(r);
      if (p !== undefined) answers.set(`${r.isNew}`, p);
      return p;
    },
  };
  const verb = move ? 'move' : 'copy';
  try {
    await service(ctx, recording, [keychain, ctx.trustDir]).importKey(stored.pem, { to: 'keychain' });
  } catch (e) {
    throw new KeyCommandError(`cannot ${verb} key ${id} into the keychain`, e);
  }
  try {
    const back = await keychain.get(id);
    if (!back) throw new SignetError('KEY_STORE', 'the keychain does not return the entry just written');
    const pass = answers.get('true') ?? answers.get('false');
    const got = decryptPrivateKey(back.pem, readKeyFileHeaders(back.pem).encrypted ? pass : undefined).key.canonicalId;
    if (got !== id) throw new SignetError('KEY_STORE', `the keychain entry decrypts to key ${got}`);
  } catch (e) {
    await keychain.remove(id).catch(() => undefined);
    throw new KeyCommandError(`the key ${id} read back from the keychain does not verify; the keychain entry was removed and the trust dir was not changed`, e);
  }
  if (move) {
    try {
      await ctx.trustDir.remove(id);
    } catch (e) {
      throw new KeyCommandError(`key ${id} was copied into the keychain but could not be deleted from the trust dir`, e);
    }
  }
  ctx.io.stdout(`${move ? 'Moved' : 'Copied'} key ${id} (role ${stored.info.role}${stored.info.gun ? `, gun ${stored.info.gun}` : ''}) from the trust dir into the keychain (verified)\n`);
  return 0;
}

// ---------------------------------------------------------------- export

/** notary `key export` form: the stored encrypted PEM plus a `path: <ID>` header, which `notary key import` needs. */
function withPathHeader(pem: string, id: string): string {
  return decodePemBlocks(pem)
    .filter((b) => /PRIVATE KEY$/.test(b.type))
    .map((b) => encodePem(b.type, b.bytes, { ...b.headers, path: id }))
    .join('');
}

async function exportCmd(argv: string[], ctx: Context): Promise<number> {
  const { flags, positionals } = argsOf(argv, 'export');
  exactly(positionals, 1, 'export');
  const out = flags.get('--output');
  const id = await resolveId(positionals[0]!, ctx.stores);
  let pem: string;
  try {
    pem = withPathHeader(await service(ctx).exportKey(id), id);
  } catch (e) {
    throw new KeyCommandError(`cannot export key ${id}`, e);
  }
  if (!readKeyFileHeaders(pem).encrypted) ctx.io.stderr(`Warning: key ${id} is stored unencrypted; the exported file is unencrypted too\n`);
  if (typeof out !== 'string' || out === '' || out === '-') {
    ctx.io.stdout(pem);
    return 0;
  }
  try {
    await writeNewFile(out, pem, { atomic: false });
  } catch (e) {
    if (errno(e) === 'EEXIST') throw new KeyCommandError(`refusing to overwrite ${out}`, undefined, 'choose another --output file, or delete it first');
    throw new KeyCommandError(`cannot write ${out}`, e);
  }
  ctx.io.stdout(`Exported key ${id} to ${out}\n`);
  return 0;
}

// ---------------------------------------------------------------- passwd

/** The new passphrase: SIGNET_NEW_PASSPHRASE, else the terminal (asked twice, no cache), never docker's variables. */
class NewPassphraseSource implements PassphraseSource {
  private readonly tty = new TtyPassphraseSource({ cache: false });
  constructor(private readonly env: Record<string, string | undefined>) {}
  async get(req: PassphraseRequest): Promise<string | undefined> {
    const fromEnv = this.env[NEW_PASSPHRASE_ENV];
    if (fromEnv) return fromEnv;
    if (this.tty.unavailable() === undefined) return this.tty.get(req);
    throw new SignetError('KEY_CANCELLED', `cannot ask for the new passphrase for ${displayAlias(req.role)} key with ID ${short(req.keyId)}: ${NEW_PASSPHRASE_ENV} is not set and standard input is not a terminal`, {
      hint: `set ${NEW_PASSPHRASE_ENV}, or run in a terminal to be prompted`,
    });
  }
}

async function passwd(argv: string[], ctx: Context): Promise<number> {
  const { positionals } = argsOf(argv, 'passwd');
  exactly(positionals, 1, 'passwd');
  const id = await resolveId(positionals[0]!, ctx.stores);
  const fresh = new NewPassphraseSource(ctx.io.env);
  const source: PassphraseSource = { get: (r) => (r.isNew ? fresh.get(r) : ctx.passphrases.get(r)) };
  const holders: KeyStore[] = [];
  for (const s of ctx.stores) if (await s.get(id)) holders.push(s);
  try {
    const svc = service(ctx, source, holders);
    await svc.changePassphrase(id);
    // changePassphrase rewrites the first store holding the key; keep any other copy in step
    const updated = await holders[0]!.get(id);
    for (const s of holders.slice(1)) await s.add({ info: { ...updated!.info, location: s.location }, pem: updated!.pem });
  } catch (e) {
    throw new KeyCommandError(`cannot change the passphrase of key ${id}`, e);
  }
  ctx.io.stdout(`Successfully updated passphrase for key ID: ${id}\n`);
  return 0;
}

// ---------------------------------------------------------------- remove

async function remove(argv: string[], ctx: Context): Promise<number> {
  const { flags, positionals } = argsOf(argv, 'remove');
  exactly(positionals, 1, 'remove');
  const id = await resolveId(positionals[0]!, ctx.stores);
  const holders: KeyStore[] = [];
  let info: StoredKeyInfo | undefined;
  for (const s of ctx.stores) {
    const k = await s.get(id);
    if (k) {
      holders.push(s);
      info ??= k.info;
    }
  }
  if (!info) throw new KeyCommandError(`no private key with ID ${id}`);
  const where = holders.map((s) => `the ${LOCATION_NAME[s.location]}`).join(' and ');
  if (info.role === 'root') {
    ctx.io.stderr(
      `Warning: ${id} is a root key and this is the only copy Signet knows of (${where}). Without a backup you can no longer ` +
        `change the trust data of the repositories it is the root of. Back it up first: signet key export ${short(id)} --output FILE\n`,
    );
  }
  if (!flags.has('--yes')) {
    const own = (ctx.io as InteractiveIO).readLine;
    if (!own && !process.stdin.isTTY) {
      throw new KeyCommandError(`refusing to delete key ${id} without confirmation`, undefined, 'pass -y to delete without asking');
    }
    ctx.io.stderr(`Deleting key ${id} (role ${info.role}) from ${where}.\nType the first 7 characters of its ID to confirm: `);
    const answer = own ? await own() : await readLine();
    if (answer?.trim() !== short(id)) {
      ctx.io.stderr('Aborted: nothing was deleted.\n');
      return 1;
    }
  }
  try {
    await service(ctx).removeKey(id);
  } catch (e) {
    throw new KeyCommandError(`cannot delete key ${id}`, e);
  }
  ctx.io.stdout(`Deleted ${id} (role ${info.role}) from ${where}.\n`);
  return 0;
}

/** One line from stdin (echoed: it is a confirmation, not a secret). */
function readLine(): Promise<string | undefined> {
  return new Promise((resolve) => {
    let buf = '';
    const done = (v: string | undefined): void => {
      process.stdin.removeListener('data', onData);
      process.stdin.removeListener('end', onEnd);
      process.stdin.pause();
      resolve(v);
    };
    const onData = (c: Buffer): void => {
      buf += c.toString('utf8');
      const nl = buf.search(/\r?\n/);
      if (nl >= 0) done(buf.slice(0, nl));
    };
    const onEnd = (): void => done(buf || undefined);
    process.stdin.on('data', onData);
    process.stdin.on('end', onEnd);
    process.stdin.resume();
  });
}

// ---------------------------------------------------------------- helpers

/** A full key ID, or the one key whose ID starts with `arg`, among the stores' keys. */
async function resolveId(arg: string, stores: KeyStore[]): Promise<string> {
  const want = arg.toLowerCase();
  if (!/^[0-9a-f]{1,64}$/.test(want)) throw new KeyCommandError(`invalid key ID "${arg}"`, undefined, 'a key ID is 64 hex characters, or a unique prefix of one (see signet key list)');
  const ids = new Set<string>();
  try {
    for (const s of stores) for (const k of await s.list()) if (k.id.startsWith(want)) ids.add(k.id);
  } catch (e) {
    throw new KeyCommandError('cannot list keys', e);
  }
  if (ids.size === 1) return [...ids][0]!;
  const where = stores.map((s) => (s as { describe?: () => string }).describe?.() ?? s.location).join(' or ');
  if (ids.size === 0) {
    throw new KeyCommandError(`no private key with ID ${arg} in ${where}`, undefined, stores.some((s) => s.location === 'keychain') ? 'see signet key list --keychain' : 'see signet key list (add --keychain for keys in the OS keychain)');
  }
  throw new KeyCommandError(`key ID prefix ${arg} is ambiguous: ${[...ids].sort().join(', ')}`, undefined, 'give more characters of the ID');
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes a new file with mode 0600. `atomic`: through a temp file and rename (docker's AtomicWriteFile);
 * otherwise created exclusively, failing with EEXIST when the file is there.
 */
async function writeNewFile(path: string, text: string, opts: { atomic: boolean }): Promise<void> {
  const target = opts.atomic ? `${path}.${process.pid}.${Date.now()}.tmp` : path;
  const fh = await open(target, 'wx', 0o600);
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => undefined);
    await rm(target, { force: true }).catch(() => undefined);
    throw e;
  }
  await fh.close();
  await chmod(target, 0o600);
  if (opts.atomic) {
    try {
      await rename(target, path);
    } catch (e) {
      await rm(target, { force: true }).catch(() => undefined);
      throw e;
    }
  }
}
