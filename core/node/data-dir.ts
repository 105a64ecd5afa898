import { homedir } from 'node:os';
import { join, posix, win32 } from 'node:path';

/**
 * Signet's data directory (kept trust history): `$SIGNET_DATA_DIR` when set (tests, portable
 * installs); else the platform's user data directory: `$XDG_DATA_HOME/signet` or
 * `~/.local/share/signet` on Linux, `~/Library/Application Support/Signet` on macOS,
 * `%APPDATA%\Signet` on Windows.
 */
export function signetDataDir(
  env: Record<string, string | undefined> = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = env['HOME'] ?? env['USERPROFILE'] ?? homedir(),
): string {
  const override = env['SIGNET_DATA_DIR'];
  if (override) return override;
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', 'Signet');
  if (platform === 'win32') return win32.join(env['APPDATA'] ?? win32.join(home, 'AppData', 'Roaming'), 'Signet');
  const xdg = env['XDG_DATA_HOME'];
  // the XDG spec: a relative XDG_DATA_HOME is invalid and ignored
  return posix.join(xdg && xdg.startsWith('/') ? xdg : posix.join(home, '.local', 'share'), 'signet');
}

/** Where the version store lives inside the data directory. */
export function versionStoreDir(dataDir: string): string {
  return join(dataDir, 'trust-history');
}
