/**
 * Signet's config file, shared by the CLI and the app: `trust_pinning` in notary's format, so a
 * notary config.json works as it is (SIGNET_CONFIG=~/.notary/config.json):
 *
 *   { "trust_pinning": { "certs": { "<gun>": ["<root cert ID>", ...] },
 *                        "ca": { "<gun prefix>": "<CA file, relative to this file>" },
 *                        "disable_tofu": false } }
 *
 * Default place: config.json in Signet's config folder ({@link signetConfigDir}); SIGNET_CONFIG
 * overrides it.
 */
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { SignetError, type ErrorCode } from '../errors.js';
import type { TrustPinning } from '../tuf/trust-pinning.js';
import { readUserFile, USER_FILE_CAPS, writeFileAtomic } from './files.js';

/**
 * Signet's one config folder, the CLI's and the app's: config.json (trust pinning) and the app's
 * settings.json (and, in the app, Electron's own data). $XDG_CONFIG_HOME/signet (Linux, else
 * ~/.config/signet), ~/Library/Application Support/Signet (macOS), %APPDATA%\Signet (Windows): the
 * CLI has no Electron userData, so the app follows the CLI's folder, not the reverse.
 */
export function signetConfigDir(
  env: Record<string, string | undefined>,
  platform: string = process.platform,
  home: string = env['HOME'] ?? homedir(),
): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Signet');
  if (platform === 'win32') return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), 'Signet');
  return join(env['XDG_CONFIG_HOME'] || join(home, '.config'), 'signet');
}

export const CONFIG_FILE = 'config.json';

export function signetConfigPath(
  env: Record<string, string | undefined>,
  platform: string = process.platform,
  home: string = env['HOME'] ?? homedir(),
): string {
  return env['SIGNET_CONFIG'] || join(signetConfigDir(env, platform, home), CONFIG_FILE);
}

/** trust_pinning as written in the file: CA entries are file paths. */
export interface TrustPinningFile {
  certs: Record<string, string[]>;
  ca: Record<string, string>;
  disable_tofu: boolean;
}

const bad = (file: string, what: string): SignetError =>
  new SignetError('BAD_CONFIG', `${file}: ${what}`, {
    hint: 'fix the file (trust_pinning as in notary: certs, ca, disable_tofu), or remove the entry',
  });

/** The config file's text as a JSON object, or BAD_CONFIG naming `file`. */
export function parseConfigText(file: string, text: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw bad(file, `not valid JSON (${(e as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw bad(file, 'not a JSON object');
  return json as Record<string, unknown>;
}

async function readJson(file: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = (
      await readUserFile(file, { maxBytes: USER_FILE_CAPS.config, what: 'Signet config file', code: 'BAD_CONFIG' })
    ).toString('utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if (e instanceof SignetError) throw e;
    throw new SignetError('BAD_CONFIG', `cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
  return parseConfigText(file, text);
}

/** The trust_pinning section as written (empty when the file or the section is missing). */
export async function readTrustPinningFile(file: string): Promise<TrustPinningFile> {
  return trustPinningOf(file, await readJson(file));
}

/** The trust_pinning section of a config file's JSON, checked (`file` names it in errors). */
export function trustPinningOf(file: string, json: Record<string, unknown> | undefined): TrustPinningFile {
  const out: TrustPinningFile = { certs: {}, ca: {}, disable_tofu: false };
  const tp = json?.['trust_pinning'];
  if (tp === undefined) return out;
  if (typeof tp !== 'object' || tp === null || Array.isArray(tp)) throw bad(file, 'trust_pinning is not an object');
  const { certs, ca, disable_tofu } = tp as Record<string, unknown>;
  if (certs !== undefined) {
    if (typeof certs !== 'object' || certs === null) throw bad(file, 'trust_pinning.certs is not an object');
    for (const [gun, ids] of Object.entries(certs)) {
      if (!Array.isArray(ids) || !ids.every((i) => typeof i === 'string' && /^[0-9a-f]{64}$/.test(i))) {
        throw bad(file, `trust_pinning.certs["${gun}"] must be a list of 64-hex certificate IDs`);
      }
      out.certs[gun] = ids as string[];
    }
  }
  if (ca !== undefined) {
    if (typeof ca !== 'object' || ca === null) throw bad(file, 'trust_pinning.ca is not an object');
    for (const [prefix, path] of Object.entries(ca)) {
      if (typeof path !== 'string' || path === '') throw bad(file, `trust_pinning.ca["${prefix}"] must be a file path`);
      out.ca[prefix] = path;
    }
  }
  if (disable_tofu !== undefined) {
    if (typeof disable_tofu !== 'boolean') throw bad(file, 'trust_pinning.disable_tofu must be true or false');
    out.disable_tofu = disable_tofu;
  }
  return out;
}

/** Where a pinned CA file is: a relative path is taken from the config file's folder (as notary does). */
export function caFilePath(configFile: string, path: string): string {
  return isAbsolute(path) ? path : resolve(dirname(configFile), path);
}

/** Reads a CA file a user named: a regular file of at most USER_FILE_CAPS.pem bytes. */
export function readCaFile(path: string, code: ErrorCode = 'BAD_CONFIG'): Promise<Buffer> {
  return readUserFile(path, { maxBytes: USER_FILE_CAPS.pem, what: 'CA file', code });
}

/** The trust pinning in effect: the file's section with each CA file read (relative to the config file). */
export async function loadTrustPinning(file: string): Promise<TrustPinning> {
  const raw = await readTrustPinningFile(file);
  const ca: TrustPinning['ca'] = {};
  for (const [prefix, path] of Object.entries(raw.ca)) {
    const source = caFilePath(file, path);
    try {
      ca[prefix] = { source, pem: (await readCaFile(source)).toString('utf8') };
    } catch (e) {
      const why = e instanceof SignetError ? e.message : `cannot read the CA file ${source}`;
      throw new SignetError('BAD_CONFIG', `${why}, pinned for "${prefix}" in ${file}`, {
        hint: 'point trust_pinning.ca at a readable PEM file, or remove the entry',
        cause: e,
      });
    }
  }
  return { certs: raw.certs, ca, disableTofu: raw.disable_tofu };
}

/** Replaces the trust_pinning section, keeping the rest of the file; atomic (writeFileAtomic). */
export async function writeTrustPinningFile(file: string, pinning: TrustPinningFile): Promise<void> {
  const json = (await readJson(file)) ?? {};
  json['trust_pinning'] = pinning;
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file, `${JSON.stringify(json, null, 2)}\n`, { mode: 0o600 });
}
