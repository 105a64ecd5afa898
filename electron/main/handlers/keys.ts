/**
 * Key handlers. The renderer sends key IDs and the handles of files chosen in main's dialogs and
 * gets key IDs, roles, GUNs and locations back; encrypted PEMs move between files and key stores
 * inside main only, and passphrases come through the broker.
 */
import { SignetError } from '../../../core/errors.js';
import { writeKeyFile, writeKeyFiles } from '../../../core/node/files.js';
import { KEYCHAIN_SERVICE } from '../../../core/node/keychain-key-store.js';
import { TrustDirKeyStore } from '../../../core/node/trust-dir-key-store.js';
import type { StoredKeyInfo } from '../../../core/keystore/key-store.js';
import { exportCosignKey, exportKey, importKeyFile, importKeyStore } from '../../../core/operations/keys.js';
import type { BackupReminderDTO, Handlers, KeyInfoDTO } from '../../ipc/contract.js';
import { OPEN_RULES, readRegularFile } from '../files.js';
import type { MainServices } from '../services.js';

type KeyHandlers = Pick<
  Handlers,
  Exclude<
    Extract<keyof Handlers, `keys:${string}`>,
    'keys:tokens' | 'keys:setTokenModule' | 'keys:resetTokenModule' | 'keys:copyToToken'
  >
>;

/** Where a key is kept, in words and without a path (the trust dir's path is in app:info). */
const WHERE: Record<KeyInfoDTO['location'], string> = {
  keychain: `the OS keychain, under the service "${KEYCHAIN_SERVICE}"`,
  'trust-dir': 'the docker trust dir’s private/ folder',
  memory: 'memory, for this session only',
  hardware: 'a hardware token (PKCS#11): the key never leaves it',
};

/** A key as the renderer sees it: where it is kept, whether its passphrase is remembered and it was backed up. */
export async function describeKeys(ctx: MainServices, infos: StoredKeyInfo[]): Promise<KeyInfoDTO[]> {
  const remembered = ctx.remembered ? await ctx.remembered.keyIds().catch(() => new Set<string>()) : new Set<string>();
  const backedUp = new Set((await ctx.settings.settings()).backedUpKeys);
  return infos.map((k) => ({
    id: k.id,
    role: k.role,
    ...(k.gun !== undefined ? { gun: k.gun } : {}),
    ...(k.created !== undefined ? { created: k.created } : {}),
    location: k.location,
    ...(k.token !== undefined ? { token: k.token } : {}),
    ...(k.absent ? { absent: true as const } : {}),
    where:
      k.token === undefined
        ? WHERE[k.location]
        : k.absent
          ? `the hardware token "${k.token}" (PKCS#11), not inserted now: insert it to sign with this key`
          : `the hardware token "${k.token}" (PKCS#11): the key never leaves it`,
    passphraseRemembered: remembered.has(k.id),
    backedUp: backedUp.has(k.id),
  }));
}

const ROLE_ORDER = (role: string): number => (role === 'root' ? 0 : role === 'targets' ? 1 : 2);

async function backupReminder(ctx: MainServices): Promise<BackupReminderDTO> {
  const keys = await ctx.withWriter('keys:backupReminder', undefined, (w) => w.keys.listKeys());
  const done = new Set((await ctx.settings.settings()).backedUpKeys);
  // a key on a token cannot be exported: it is backed up as the token's maker says, not here
  const pending = keys
    .filter((k) => !done.has(k.id) && k.location !== 'hardware')
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
  return (await describeKeys(ctx, [info]))[0]!;
}

async function forgetRemembered(ctx: MainServices, id: string): Promise<void> {
  await ctx.remembered?.forget(id).catch(() => undefined);
}

export function keyHandlers(ctx: MainServices): KeyHandlers {
  return {
    'keys:list': async () => describeKeys(ctx, await ctx.withWriter('keys:list', undefined, (w) => w.keys.listKeys())),

    'keys:generate': async (req) => {
      const { info } = await ctx.withWriter('keys:generate', undefined, (w) =>
        w.keys.generateKey(req.role, req.gun, req.token !== undefined ? { token: req.token } : {}),
      );
      return (await describeKeys(ctx, [info]))[0]!;
    },

    'keys:import': async (req) => {
      const infos =
        'trustDir' in req
          ? await ctx.files.useOpen(req.trustDir, 'trust-dir', (dir) =>
              ctx.withWriter('keys:import', undefined, (w) =>
                importKeyStore(w.keys, new TrustDirKeyStore(dir.path), `${dir.name}/private`),
              ),
            )
          : await ctx.files.useOpen(req.file, 'key-import', async (file) => {
              const text = (await readRegularFile(file.path, OPEN_RULES['key-import'].maxBytes)).toString('utf8');
              return ctx.withWriter('keys:import', undefined, (w) =>
                importKeyFile(w.keys, text, file.name, {
                  ...(req.role !== undefined ? { role: req.role } : {}),
                  ...(req.gun !== undefined ? { gun: req.gun } : {}),
                }),
              );
            });
      return describeKeys(ctx, infos);
    },

    'keys:export': (req) =>
      ctx.files.useSave(req.file, 'key-export', async (file) => {
        // the passphrase is asked even when it is remembered: exporting proves the user knows it
        const { pem } = await ctx.withWriter(
          'keys:export',
          undefined,
          async (w) => {
            await w.keys.unlock(req.keyId);
            return exportKey(w.keys, req.keyId);
          },
          { passphrases: ctx.broker.alwaysAsking() },
        );
        await writeKeyFile(file.path, pem);
        await markBackedUp(ctx, [req.keyId]);
        return { name: file.name };
      }),

    'keys:exportCosign': (req) =>
      ctx.files.useSave(req.file, 'cosign-key', async (file) => {
        // the key's own passphrase first (always asked), then a new cosign password for the file
        const out = await ctx.withWriter('keys:exportCosign', undefined, (w) => exportCosignKey(w.keys, req.keyId), {
          passphrases: ctx.broker.alwaysAsking(),
        });
        const prefix = file.path.replace(/\.key$/, '');
        await writeKeyFiles([
          { path: `${prefix}.key`, text: out.privateKey },
          { path: `${prefix}.pub`, text: out.publicKey },
        ]);
        await markBackedUp(ctx, [req.keyId]);
        const base = file.name.replace(/\.key$/, '');
        return { name: `${base}.key`, publicName: `${base}.pub` };
      }),

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

    'keys:forgetTokenKey': async (req) => {
      await ctx.withWriter('keys:forgetTokenKey', undefined, (w) => w.keys.forgetTokenKey(req.keyId));
      return { forgotten: req.keyId };
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
