/**
 * A private, headless Secret Service for keychain tests: a session `dbus-daemon` plus
 * `gnome-keyring-daemon --foreground --components=secrets` (unlocked by a password on stdin, or
 * left locked), with a fresh HOME / XDG_DATA_HOME / XDG_RUNTIME_DIR in a temp dir. Nothing of the
 * user's own session or keyring is touched. Needs the Debian packages dbus and gnome-keyring.
 *
 * libsecret (inside keytar) connects to the bus named by DBUS_SESSION_BUS_ADDRESS on first use and
 * then caches that connection and the Secret Service for the life of the process. So one test file
 * uses ONE keyring in-process ({@link withKeyring} sets the variable); other keyrings (locked, absent)
 * are exercised in child processes given `keyring.env`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Keyring {
  /** DBUS_SESSION_BUS_ADDRESS of the private bus. */
  address: string;
  /** Environment for child processes that should use this keyring. */
  env: NodeJS.ProcessEnv;
  dir: string;
  stop(): Promise<void>;
}

const onPath = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

/** Why keyring tests cannot run here (a missing program), or undefined when they can. */
export function keyringUnavailable(): string | undefined {
  const missing = ['dbus-daemon', 'gnome-keyring-daemon', 'dbus-send'].filter((c) => !onPath(c));
  return missing.length ? `not installed: ${missing.join(', ')} (apt-get install dbus gnome-keyring)` : undefined;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const p of running) p.kill('SIGKILL'); // never leave daemons behind, even on a crash
});

function stopProcess(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => p.kill('SIGKILL'), 3000);
    p.once('exit', () => {
      clearTimeout(t);
      running.delete(p);
      resolve();
    });
    p.kill('SIGTERM');
  });
}

/** Waits until `name` is owned on the bus (the daemon is ready), so D-Bus never auto-starts another one. */
async function waitForName(env: NodeJS.ProcessEnv, name: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const args = [
    '--session',
    '--print-reply',
    '--dest=org.freedesktop.DBus',
    '/org/freedesktop/DBus',
    'org.freedesktop.DBus.NameHasOwner',
    `string:${name}`,
  ];
  while (Date.now() < deadline) {
    const r = spawnSync('dbus-send', args, { env, encoding: 'utf8' });
    if (/boolean true/.test(r.stdout ?? '')) return;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error(`${name} did not appear on the private D-Bus session bus within ${timeoutMs} ms`);
}

/** Starts a private bus and keyring; `unlock: false` leaves the login keyring locked (absent). */
export async function startKeyring(opts: { unlock?: boolean; timeoutMs?: number } = {}): Promise<Keyring> {
  const dir = mkdtempSync(join(tmpdir(), 'signet-keyring-'));
  for (const d of ['home', 'data', 'config', 'run']) mkdirSync(join(dir, d), { mode: 0o700 });
  const base: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: join(dir, 'home'),
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_RUNTIME_DIR: join(dir, 'run'),
  };
  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--nopidfile', '--print-address=1'], {
    env: base,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  running.add(bus);
  const procs: ChildProcess[] = [bus];
  const stop = async (): Promise<void> => {
    for (const p of procs.reverse()) await stopProcess(p);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const address = await new Promise<string>((resolve, reject) => {
      let out = '';
      const t = setTimeout(() => reject(new Error('dbus-daemon printed no address')), opts.timeoutMs ?? 10000);
      bus.on('error', reject);
      bus.on('exit', (code) => reject(new Error(`dbus-daemon exited with ${code}`)));
      bus.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('\n')) {
          clearTimeout(t);
          resolve(out.trim());
        }
      });
    });
    const env = { ...base, DBUS_SESSION_BUS_ADDRESS: address };
    const unlock = opts.unlock ?? true;
    const args = ['--foreground', '--components=secrets', ...(unlock ? ['--unlock'] : [])];
    const keyring = spawn('gnome-keyring-daemon', args, {
      env,
      stdio: [unlock ? 'pipe' : 'ignore', 'ignore', 'ignore'],
    });
    running.add(keyring);
    procs.push(keyring);
    if (unlock) keyring.stdin!.end('test-keyring-password'); // the keyring's own password, not a key passphrase
    await waitForName(env, 'org.freedesktop.secrets', opts.timeoutMs ?? 10000);
    return { address, env, dir, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * Runs `fn` with an unlocked private keyring, DBUS_SESSION_BUS_ADDRESS pointing at it in this
 * process, then restores the variable and stops the daemons. Use once per test file (see above).
 */
export async function withKeyring<T>(fn: (k: Keyring) => Promise<T>): Promise<T> {
  const k = await startKeyring();
  const saved = process.env['DBUS_SESSION_BUS_ADDRESS'];
  process.env['DBUS_SESSION_BUS_ADDRESS'] = k.address;
  try {
    return await fn(k);
  } finally {
    if (saved === undefined) delete process.env['DBUS_SESSION_BUS_ADDRESS'];
    else process.env['DBUS_SESSION_BUS_ADDRESS'] = saved;
    await k.stop();
  }
}
