/**
 * Settings and app-info handlers. The renderer sees each CA file by its name only; a CA file is
 * set from a file chosen in main's dialog. A trust server change is saved only once the user has
 * confirmed it in a main-process dialog naming the old and the new server: the trust server
 * decides which signatures are accepted, so a script in the renderer must not swap it unseen.
 */
import { parseCertificatePem } from '../../../core/crypto/x509.js';
import { SignetError } from '../../../core/errors.js';
import { defaultTrustServer } from '../../../core/registry/reference.js';
import type { AppInfo, Handlers, SettingsPatch } from '../../ipc/contract.js';
import type { ConfirmRequest } from '../dialogs.js';
import { OPEN_RULES, readRegularFile } from '../files.js';
import { settingsView } from '../settings.js';
import type { MainServices } from '../services.js';

type SettingsHandlers = Pick<
  Handlers,
  'settings:get' | 'settings:update' | 'settings:setCaFile' | 'settings:removeCaFile' | 'app:info'
>;

export interface TrustServerChange {
  registry: string;
  from: string;
  to: string;
}

/** Each registry whose trust server the patch changes, with the server used before and after. */
export function trustServerChanges(
  before: Record<string, string>,
  after: Record<string, string>,
  env: Record<string, string | undefined>,
): TrustServerChange[] {
  const fallback = (registry: string): string => {
    const configured = env['DOCKER_CONTENT_TRUST_SERVER'];
    return configured
      ? `${configured} (DOCKER_CONTENT_TRUST_SERVER)`
      : `${defaultTrustServer(registry)} (docker’s default)`;
  };
  const registries = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return registries
    .filter((r) => before[r] !== after[r])
    .map((registry) => ({
      registry,
      from: before[registry] ?? fallback(registry),
      to: after[registry] ?? fallback(registry),
    }));
}

/** The confirmation main shows: every change, old and new server. */
export function trustServerConfirmation(changes: TrustServerChange[]): ConfirmRequest {
  const one = changes.length === 1;
  return {
    title: 'Change the trust server',
    message: one
      ? `Change the trust server for ${changes[0]!.registry}?`
      : `Change the trust servers of ${changes.length} registries?`,
    detail: [
      ...changes.map((c) => `${c.registry}\n  from: ${c.from}\n  to: ${c.to}`),
      '',
      'The trust server decides which signatures Signet accepts for these images. Change it only to a server you know belongs to the registry’s owner.',
    ].join('\n'),
    confirmLabel: one ? 'Change trust server' : 'Change trust servers',
  };
}

/** A CA file must hold a PEM certificate (read as a regular file under the cap). */
async function checkCaFile(path: string, name: string): Promise<void> {
  const pem = (await readRegularFile(path, OPEN_RULES['ca-certificate'].maxBytes)).toString('utf8');
  let found: number;
  try {
    found = parseCertificatePem(pem).length;
  } catch {
    found = 0;
  }
  if (found === 0)
    throw new SignetError('BAD_INPUT', `${name} holds no PEM certificate`, {
      hint: 'choose the CA certificate itself (-----BEGIN CERTIFICATE-----)',
    });
}

export const TRUST_SERVER_NOT_SAVED = 'The trust server change was cancelled: nothing was saved.';

/** The app's name, version, shell and platform, and where it keeps things (About). */
async function appInfo(ctx: MainServices): Promise<AppInfo> {
  const versions: Record<string, string> = {};
  for (const k of ['electron', 'chrome', 'node', 'v8'] as const) {
    const v = process.versions[k as keyof NodeJS.ProcessVersions];
    if (typeof v === 'string') versions[k] = v;
  }
  return {
    name: 'Signet',
    version: ctx.opts.appVersion,
    shell: ctx.opts.shell,
    platform: process.platform,
    versions,
    dockerConfig: ctx.dockerConfig,
    trustDir: ctx.trustDir,
    keyStore: await ctx.activeKeyStore(),
  };
}

export function settingsHandlers(ctx: MainServices): SettingsHandlers {
  const update = async (patch: SettingsPatch) => {
    if (patch.trustServers) {
      const before = (await ctx.settings.settings()).trustServers;
      const changes = trustServerChanges(before, patch.trustServers, ctx.env);
      if (changes.length > 0 && !(await ctx.dialogs.confirm(trustServerConfirmation(changes))))
        return settingsView(await ctx.settings.get(), TRUST_SERVER_NOT_SAVED);
    }
    return settingsView(await ctx.settings.update(patch));
  };
  return {
    'settings:get': async () => settingsView(await ctx.settings.get()),
    'settings:update': update,
    'settings:setCaFile': (req) =>
      ctx.files.useOpen(req.file, 'ca-certificate', async (file) => {
        await checkCaFile(file.path, file.name);
        const caPaths = (await ctx.settings.settings()).caPaths;
        return settingsView(await ctx.settings.update({ caPaths: { ...caPaths, [req.host]: file.path } }));
      }),
    'settings:removeCaFile': async (req) => {
      const { [req.host]: _gone, ...caPaths } = (await ctx.settings.settings()).caPaths;
      return settingsView(await ctx.settings.update({ caPaths }));
    },
    'app:info': () => appInfo(ctx),
  };
}
