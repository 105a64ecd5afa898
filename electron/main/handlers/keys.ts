/**
 * Key handlers. The renderer sends key IDs and file paths and gets key IDs, roles, GUNs and
 * locations back; encrypted PEMs move between files and key stores inside main only, and
 * passphrases come through the broker.
 */
import { SignetError } from '../../../core/errors.js';
import { readKeyFile, writeKeyFile } from '../../../core/node/files.js';
import { TrustDirKeyStore } from '../../../core/node/trust-dir-key-store.js';
import { exportKey, importKeyFile, importKeyStore } from '../../../core/operations/keys.js';
import type { BackupReminderDTO, Handlers, KeyInfoDTO } from '../../ipc/contract.js';
import type { MainServices } from '../services.js';

type KeyHandlers = Pick<Handlers, Extract<keyof Handlers, `keys:${string}`>>;

const ROLE_ORDER = (role: string): number => (role === 'root' ? 0 : role === 'targets' ? 1 : 2);

async function backupReminder(ctx: MainServices): Promise<BackupReminderDTO> {
  const keys = await ctx.withWriter('keys:backupReminder', undefined, (w) => w.keys.listKeys());
  const done = new Set((await ctx.settings.settings()).backedUpKeys);
  const pending = keys
    .filter((k) => !done.has(k.id))
    .sort((a, b) => ROLE_ORDER(a.role) - ROLE_ORDER(b.role) || a.id.localeCompare(b.id))
    .map((k) => ({ id: k.id, role: k.role, ...(k.gun !== undefined ? { gun: k.gun } : {}), location: k.location }));
  return { pending };
}

async function markBackedUp(ctx: MainServices, ids: string[]): Promise<void> {
  const current = (await ctx.settings.settings()).backedUpKeys;
  await ctx.settings.update({ backedUpKeys: [...new Set([...current, ...ids])] });
}

async function one(ctx: MainServices, id: string): Promise<KeyInfoDTO> {
  const keys = await ctx.withWriter('keys:list', undefined, (w) => w.keys.listKeys());
  const info = keys.find((k) => k.id === id);
  if (!info) throw new SignetError('KEY_NOT_FOUND', `no private key with ID ${id}`);
  return (await ctx.describeKeys([info]))[0]!;
}

async function forgetRemembered(ctx: MainServices, id: string): Promise<void> {
  await ctx.remembered?.forget(id).catch(() => undefined);
}

export function keyHandlers(ctx: MainServices): KeyHandlers {
  return {
    'keys:list': async () => ctx.describeKeys(await ctx.withWriter('keys:list', undefined, (w) => w.keys.listKeys())),

    'keys:generate': async (req) => {
      const { info } = await ctx.withWriter('keys:generate', undefined, (w) => w.keys.generateKey(req.role, req.gun));
      return (await ctx.describeKeys([info]))[0]!;
    },

    'keys:import': async (req) => {
      const infos = await ctx.withWriter('keys:import', undefined, async (w) => {
        if ('trustDir' in req)
          return importKeyStore(w.keys, new TrustDirKeyStore(req.trustDir), `${req.trustDir}/private`);
        let text: string;
        try {
          text = await readKeyFile(req.path);
        } catch (e) {
          if (e instanceof SignetError) throw e;
          throw new SignetError('BAD_INPUT', `cannot read the key file ${req.path}: ${(e as Error).message}`, {
            cause: e,
          });
        }
        return importKeyFile(w.keys, text, req.path, {
          ...(req.role !== undefined ? { role: req.role } : {}),
          ...(req.gun !== undefined ? { gun: req.gun } : {}),
        });
      });
      return ctx.describeKeys(infos);
    },

    'keys:export': async (req) => {
      const { pem } = await ctx.withWriter('keys:export', undefined, (w) => exportKey(w.keys, req.keyId));
      await writeKeyFile(req.path, pem);
      await markBackedUp(ctx, [req.keyId]);
      return { path: req.path };
    },

    'keys:changePassphrase': async (req) => {
      await ctx.withWriter('keys:changePassphrase', undefined, (w) => w.keys.changePassphrase(req.keyId));
      await forgetRemembered(ctx, req.keyId); // the remembered one is the old passphrase
      return one(ctx, req.keyId);
    },

    'keys:delete': async (req) => {
      await ctx.withWriter('keys:delete', undefined, (w) => w.keys.removeKey(req.keyId));
      await forgetRemembered(ctx, req.keyId);
      const s = await ctx.settings.settings();
      if (s.backedUpKeys.includes(req.keyId))
        await ctx.settings.update({ backedUpKeys: s.backedUpKeys.filter((k) => k !== req.keyId) });
      return { deleted: req.keyId };
    },

    'keys:forgetPassphrase': async (req) => {
      await forgetRemembered(ctx, req.keyId);
      return one(ctx, req.keyId);
    },

    'keys:backupReminder': () => backupReminder(ctx),

    'keys:acknowledgeBackup': async (req) => {
      await markBackedUp(ctx, req.keyIds);
      return backupReminder(ctx);
    },
  };
}
