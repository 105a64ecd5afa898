/**
 * Settings in `settings.json` of Signet's config folder (config-folder.ts): written atomically (core/node/files.ts writeFileAtomic:
 * temp file in the same folder, fsync, rename, fsync of the folder), validated on read with the same guards as the IPC `settings:update` channel. A file
 * that cannot be parsed or validated is never silently reset: it is renamed to
 * `settings.json.corrupt-<time>`, defaults are used, and the problem is reported to the UI.
 */
import { mkdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/node/files.js';
import type { ConfigNotice, Settings, SettingsState } from '../ipc/contract.js';
import { isPlainObject, storedSettings, type StoredSettingsPatch } from '../ipc/guards.js';
import { displayName } from './files.js';

/** The settings as main holds them (CA files by path); the renderer gets {@link settingsView}. */
export interface StoredSettingsState extends Omit<SettingsState, 'settings' | 'notSaved'> {
  settings: Settings;
}

/** What the renderer is shown: each CA file by its name only. */
export function settingsView(state: StoredSettingsState, notSaved?: string): SettingsState {
  // the PKCS#11 module path stays in main, as CA paths do
  const { caPaths, pkcs11Module: _module, ...rest } = state.settings;
  const caFiles = Object.fromEntries(Object.entries(caPaths).map(([host, path]) => [host, displayName(path)]));
  return { ...state, settings: { ...rest, caFiles }, ...(notSaved !== undefined ? { notSaved } : {}) };
}

export const SETTINGS_FILE = 'settings.json';

export function defaultSettings(): Settings {
  return {
    version: 1,
    trustServers: {},
    watchedRepositories: [],
    caPaths: {},
    keyStore: 'keychain',
    backedUpKeys: [],
    watchedRegistries: [],
  };
}

/** Parses the file's JSON into Settings, or throws with a reason. */
export function validateSettings(raw: unknown): Settings {
  if (!isPlainObject(raw)) throw new Error('the file does not hold a JSON object');
  if (raw['version'] !== 1) throw new Error(`unsupported settings version ${JSON.stringify(raw['version'])}`);
  const { version: _v, ...rest } = raw;
  return { ...defaultSettings(), ...storedSettings(rest, 'settings') };
}

export interface SettingsStoreOptions {
  now?: () => Date;
  warn?: (message: string) => void;
  /** Shown with the settings for the whole session (the config folder's start-up moves). */
  notices?: ConfigNotice[];
}

export class SettingsStore {
  readonly file: string;
  private state: StoredSettingsState | undefined;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly opts: SettingsStoreOptions = {},
  ) {
    this.file = join(dir, SETTINGS_FILE);
  }

  /** The settings (read once, then kept), with the problem found on reading, if any. */
  async get(): Promise<StoredSettingsState> {
    this.state ??= await this.load();
    return structuredClone(this.state);
  }

  async settings(): Promise<Settings> {
    return (await this.get()).settings;
  }

  /** Applies a validated patch and writes the file atomically; a reported problem is cleared. */
  async update(patch: StoredSettingsPatch): Promise<StoredSettingsState> {
    const run = async (): Promise<StoredSettingsState> => {
      const current = await this.get();
      const next: Settings = { ...current.settings, ...structuredClone(patch), version: 1 };
      await this.write(next);
      this.state = { settings: next, file: this.file, ...this.notices() };
      return structuredClone(this.state);
    };
    const p = this.writing.then(run, run);
    this.writing = p.catch(() => undefined);
    return p;
  }

  private async load(): Promise<StoredSettingsState> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT')
        return { settings: defaultSettings(), file: this.file, ...this.notices() };
      throw e;
    }
    try {
      return { settings: validateSettings(JSON.parse(text)), file: this.file, ...this.notices() };
    } catch (e) {
      const stamp = (this.opts.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
      const keptAs = `${this.file}.corrupt-${stamp}`;
      await rename(this.file, keptAs);
      const message = `The settings file could not be used (${(e as Error).message}); it was kept as ${keptAs} and default settings are in effect.`;
      this.opts.warn?.(message);
      return { settings: defaultSettings(), problem: { message, keptAs }, file: this.file, ...this.notices() };
    }
  }

  private notices(): { notices?: ConfigNotice[] } {
    return this.opts.notices?.length ? { notices: structuredClone(this.opts.notices) } : {};
  }

  private async write(settings: Settings): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.file, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
  }
}
