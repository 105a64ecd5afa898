/** `signet key passwd|remove`: change a key's passphrase; delete a key after a typed confirmation. */
import { SignetError } from '../../../core/errors.js';
import type { KeyStore, StoredKeyInfo } from '../../../core/keystore/key-store.js';
import { displayAlias, type PassphraseRequest, type PassphraseSource } from '../../../core/keystore/passphrase.js';
import { TtyPassphraseSource } from '../../../core/node/passphrase-sources.js';
import type { InteractiveIO } from '../../write-command.js';
import { argsOf, type Context, exactly, KeyCommandError, LOCATION_NAME, resolveId, service, short } from './shared.js';

/** Where `key passwd` reads the new passphrase when there is no terminal. */
export const NEW_PASSPHRASE_ENV = 'SIGNET_NEW_PASSPHRASE';

// ---------------------------------------------------------------- passwd

/** The new passphrase: SIGNET_NEW_PASSPHRASE, else the terminal (asked twice, no cache), never docker's variables. */
class NewPassphraseSource implements PassphraseSource {
  private readonly tty = new TtyPassphraseSource({ cache: false });
  constructor(private readonly env: Record<string, string | undefined>) {}
  async get(req: PassphraseRequest): Promise<string | undefined> {
    const fromEnv = this.env[NEW_PASSPHRASE_ENV];
    if (fromEnv) return fromEnv;
    if (this.tty.unavailable() === undefined) return this.tty.get(req);
    throw new SignetError(
      'KEY_CANCELLED',
      `cannot ask for the new passphrase for ${displayAlias(req.role)} key with ID ${short(req.keyId)}: ${NEW_PASSPHRASE_ENV} is not set and standard input is not a terminal`,
      {
        hint: `set ${NEW_PASSPHRASE_ENV}, or run in a terminal to be prompted`,
      },
    );
  }
}

export async function passwd(argv: string[], ctx: Context): Promise<number> {
  const { positionals } = argsOf(argv, 'passwd');
  exactly(positionals, 1, 'passwd');
  const id = await resolveId(positionals[0]!, ctx.stores, ctx.tokens);
  const fresh = new NewPassphraseSource(ctx.io.env);
  const source: PassphraseSource = { get: (r) => (r.isNew ? fresh.get(r) : ctx.passphrases.get(r)) };
  const holders: KeyStore[] = [];
  for (const s of ctx.stores) if (await s.get(id)) holders.push(s);
  try {
    const svc = service(ctx, source, holders);
    await svc.changePassphrase(id);
    // changePassphrase rewrites the first store holding the key; keep any other copy in step
    const updated = await holders[0]!.get(id);
    for (const s of holders.slice(1))
      await s.add({ info: { ...updated!.info, location: s.location }, pem: updated!.pem });
  } catch (e) {
    throw new KeyCommandError(`cannot change the passphrase of key ${id}`, e);
  }
  ctx.io.stdout(`Successfully updated passphrase for key ID: ${id}\n`);
  return 0;
}

// ---------------------------------------------------------------- remove

export async function remove(argv: string[], ctx: Context): Promise<number> {
  const { flags, positionals } = argsOf(argv, 'remove');
  exactly(positionals, 1, 'remove');
  const id = await resolveId(positionals[0]!, ctx.stores, ctx.tokens);
  if (flags.has('--forget')) return forget(id, ctx);
  const holders: string[] = [];
  let info: StoredKeyInfo | undefined;
  // a key on a token is deleted from the token too (its PIN asked): it is a holder like a store
  const onToken = await ctx.tokens?.find(id);
  if (onToken) {
    holders.push(`the hardware token "${onToken.info.token}"`);
    info = onToken.info;
  }
  for (const s of ctx.stores) {
    const k = await s.get(id);
    if (k) {
      holders.push(`the ${LOCATION_NAME[s.location]}`);
      info ??= k.info;
    }
  }
  // a key whose token is out: core's TOKEN_ABSENT says to insert it, or to forget the key
  const away = info ? undefined : await ctx.tokens?.absentKey(id);
  if (away) throw new KeyCommandError(`cannot delete key ${id}`, ctx.tokens!.notInserted(away));
  if (!info) throw new KeyCommandError(`no private key with ID ${id}`);
  const where = holders.join(' and ');
  if (info.role === 'root') {
    ctx.io.stderr(
      `Warning: ${id} is a root key and this is the only copy Signet knows of (${where}). Without a backup you can no longer ` +
        `change the trust data of the repositories it is the root of. Back it up first: signet key export ${short(id)} --output FILE\n`,
    );
  }
  if (!flags.has('--yes')) {
    const own = (ctx.io as InteractiveIO).readLine;
    if (!own && !process.stdin.isTTY) {
      throw new KeyCommandError(
        `refusing to delete key ${id} without confirmation`,
        undefined,
        'pass -y to delete without asking',
      );
    }
    ctx.io.stderr(
      `Deleting key ${id} (role ${info.role}) from ${where}.\nType the first 7 characters of its ID to confirm: `,
    );
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

/** `remove --forget`: a key remembered on a token that is not inserted is no longer listed; the key stays on the token. */
async function forget(id: string, ctx: Context): Promise<number> {
  const away = await ctx.tokens?.absentKey(id);
  try {
    await service(ctx).forgetTokenKey(id);
  } catch (e) {
    throw new KeyCommandError(`cannot forget key ${id}`, e);
  }
  ctx.io.stdout(`Forgot ${id}: no longer listed; the key itself stays on the token "${away?.token ?? ''}".\n`);
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
