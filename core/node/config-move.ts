/**
 * One config folder for the CLI and the app (signetConfigDir). The app used to keep settings.json
 * in Electron's userData, on Linux `~/.config/Signet`, beside the CLI's `~/.config/signet`: a file
 * there is read once and moved into the config folder, and the caller says so. A file that cannot
 * be read or checked is never moved, overwritten or removed: it is left where it was and reported.
 * The new folder wins: when it already has the file, the old one is not read.
 */
import { mkdir, stat, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { readUserFile, USER_FILE_CAPS, writeFileAtomic } from './files.js';
import { parseConfigText, signetConfigDir, trustPinningOf } from './signet-config.js';

/** What a file becomes in the config folder: its text (often unchanged) and, when changed, why. */
export interface Checked {
  text: string;
  note?: string;
}

export interface ConfigFileRule {
  /** File name, the same in both folders (settings.json, config.json). */
  name: string;
  /** Reads the old file's text; throws (its message is the reason) when it must not be moved. */
  check: (text: string, from: string) => Checked;
}

export type ConfigMove =
  | { kind: 'moved'; from: string; to: string; note?: string }
  | { kind: 'kept'; from: string; to: string; reason: string };

/** Folders Signet's files were kept in before the one config folder: Electron's userData on Linux. */
export function oldConfigDirs(
  env: Record<string, string | undefined>,
  platform: string = process.platform,
  home: string = env['HOME'] ?? homedir(),
): string[] {
  // macOS and Windows: Electron's userData already was the config folder ("Signet")
  if (platform === 'darwin' || platform === 'win32') return [];
  return [join(env['XDG_CONFIG_HOME'] || join(home, '.config'), 'Signet')];
}

const exists = (file: string): Promise<boolean> =>
  stat(file).then(
    () => true,
    (e: NodeJS.ErrnoException) => e.code !== 'ENOENT',
  );

/** Moves `from` to `to` once (see the module comment); undefined when there is nothing to move. */
export async function moveConfigFile(from: string, to: string, rule: ConfigFileRule): Promise<ConfigMove | undefined> {
  // also true when both names are one file (a case-insensitive file system)
  if (await exists(to)) return undefined;
  let text: string;
  try {
    text = (await readUserFile(from, { maxBytes: USER_FILE_CAPS.config, what: rule.name })).toString('utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { kind: 'kept', from, to, reason: (e as Error).message };
  }
  let checked: Checked;
  try {
    checked = rule.check(text, from);
  } catch (e) {
    const reason = (e as Error).message;
    return { kind: 'kept', from, to, reason: reason.startsWith(`${from}: `) ? reason.slice(from.length + 2) : reason };
  }
  try {
    await mkdir(dirname(to), { recursive: true, mode: 0o700 });
    // exclusive: a file that appeared meanwhile (the CLI and the app starting together) is kept
    await writeFileAtomic(to, checked.text, { mode: 0o600, exclusive: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    return { kind: 'kept', from, to, reason: `it could not be written to ${to} (${(e as Error).message})` };
  }
  await unlink(from).catch(() => undefined); // copied; a leftover is only ignored from now on
  return { kind: 'moved', from, to, ...(checked.note ? { note: checked.note } : {}) };
}

/** Every rule's file from the old folders into the config folder, in order; what was done. */
export async function moveOldConfigFiles(
  env: Record<string, string | undefined>,
  rules: ConfigFileRule[],
  platform: string = process.platform,
  home: string = env['HOME'] ?? homedir(),
): Promise<ConfigMove[]> {
  const dir = signetConfigDir(env, platform, home);
  const out: ConfigMove[] = [];
  for (const old of oldConfigDirs(env, platform, home)) {
    if (resolve(old) === resolve(dir)) continue;
    for (const rule of rules) {
      const m = await moveConfigFile(join(old, rule.name), join(dir, rule.name), rule);
      if (m) out.push(m);
    }
  }
  return out;
}

/**
 * config.json: moved when its trust_pinning reads as it would be used. A CA file named by a path
 * relative to the file's folder (as notary allows) is named absolutely, so it stays the same file.
 */
export const CONFIG_FILE_RULE: ConfigFileRule = {
  name: 'config.json',
  check(text, from) {
    const json = parseConfigText(from, text);
    const pinning = trustPinningOf(from, json);
    const relative = Object.entries(pinning.ca).filter(([, p]) => !isAbsolute(p));
    if (relative.length === 0) return { text };
    const ca = { ...pinning.ca };
    for (const [prefix, p] of relative) ca[prefix] = resolve(dirname(from), p);
    json['trust_pinning'] = { ...(json['trust_pinning'] as object), ca };
    return {
      text: `${JSON.stringify(json, null, 2)}\n`,
      note: `its CA files are now named by full path, still in ${dirname(from)}`,
    };
  },
};

/** One sentence for the user: what was moved where, or which file was left and why. */
export function describeConfigMove(m: ConfigMove): string {
  if (m.kind === 'moved')
    return `Moved ${m.from} to ${m.to}: the app and the CLI keep their settings in one folder, ${dirname(m.to)}${
      m.note ? ` (${m.note})` : ''
    }.`;
  return (
    `${m.from} was not moved to ${dirname(m.to)}: ${m.reason}. It is left where it was and not used; ` +
    `fix it (it is moved at the next start) or remove it.`
  );
}
