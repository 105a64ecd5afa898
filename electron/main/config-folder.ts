/**
 * The app's config folder is the CLI's (core/node signetConfigDir): settings.json beside
 * config.json, and Electron's own data there too (index.ts points userData at it). At start, the
 * files of the old folder are moved in once; what was done is shown in the app as notices.
 */
import {
  CONFIG_FILE_RULE,
  describeConfigMove,
  moveOldConfigFiles,
  type ConfigFileRule,
} from '../../core/node/config-move.js';
import { signetConfigDir } from '../../core/node/signet-config.js';
import type { ConfigNotice } from '../ipc/contract.js';
import { SETTINGS_FILE, validateSettings } from './settings.js';

/** settings.json: moved when it reads as settings (a broken one stays where it is). */
export const SETTINGS_FILE_RULE: ConfigFileRule = {
  name: SETTINGS_FILE,
  check(text) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new Error(`it is not valid JSON (${(e as Error).message})`, { cause: e });
    }
    validateSettings(json);
    return { text };
  },
};

export interface ConfigFolder {
  dir: string;
  /** One per file moved, or left behind because it could not be read. */
  notices: ConfigNotice[];
}

/** The config folder, after moving the old folder's files into it (config.json only when SIGNET_CONFIG does not name another). */
export async function prepareConfigFolder(
  env: Record<string, string | undefined>,
  platform: string = process.platform,
): Promise<ConfigFolder> {
  const rules = env['SIGNET_CONFIG'] ? [SETTINGS_FILE_RULE] : [SETTINGS_FILE_RULE, CONFIG_FILE_RULE];
  const moves = await moveOldConfigFiles(env, rules, platform);
  return {
    dir: signetConfigDir(env, platform),
    notices: moves.map((m) => ({ kind: m.kind, message: describeConfigMove(m) })),
  };
}
