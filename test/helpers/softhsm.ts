/**
 * A private SoftHSM2 (Debian `softhsm2`) for token tests: a token dir in a temp folder, its
 * config named by SOFTHSM2_CONF (set in this process too, since the module reads it when it is
 * initialised), tokens initialised with `softhsm2-util`. Nothing of the user's tokens is touched.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';
export const TOKEN_PIN = '123456';
export const TOKEN_SO_PIN = '12345678';

/** Why SoftHSM tests cannot run here, or undefined when they can. */
export function softhsmUnavailable(): string | undefined {
  if (!existsSync(SOFTHSM_MODULE)) return `${SOFTHSM_MODULE} is missing (apt-get install softhsm2)`;
  if (spawnSync('sh', ['-c', 'command -v softhsm2-util'], { stdio: 'ignore' }).status !== 0)
    return 'softhsm2-util is not installed (apt-get install softhsm2)';
  return undefined;
}

export interface SoftHsm {
  dir: string;
  conf: string;
  /** SOFTHSM2_CONF and SIGNET_PKCS11_MODULE, for child processes (signet CLI). */
  env: Record<string, string>;
  /** Initialises a token (user PIN {@link TOKEN_PIN} unless given). */
  initToken(label: string, pin?: string): void;
  /** Deletes a token: what pulling it out looks like to the module. */
  deleteToken(label: string): void;
  /** Hides a token from modules loaded after this (its folder moved away): unplugged, keys intact. */
  unplug(label: string): void;
  /** Puts an unplugged token back. */
  plugIn(label: string): void;
  /** A config that hides the EC mechanisms (a token that cannot do P-256), for child processes. */
  noEcEnv(): Record<string, string>;
  remove(): void;
}

export function startSoftHsm(opts: { setProcessEnv?: boolean } = {}): SoftHsm {
  const dir = mkdtempSync(join(tmpdir(), 'signet-softhsm-'));
  const tokens = join(dir, 'tokens');
  mkdirSync(tokens);
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  const env = { SOFTHSM2_CONF: conf, SIGNET_PKCS11_MODULE: SOFTHSM_MODULE };
  if (opts.setProcessEnv !== false) process.env.SOFTHSM2_CONF = conf;
  const util = (args: string[], e: Record<string, string> = env): void => {
    execFileSync('softhsm2-util', args, { env: { ...process.env, ...e }, stdio: 'ignore' });
  };
  const away = join(dir, 'unplugged');
  mkdirSync(away);
  const folderOf = new Map<string, string>(); // token label → its folder in the token dir
  return {
    dir,
    conf,
    env,
    initToken(label, pin = TOKEN_PIN) {
      const before = new Set(readdirSync(tokens));
      util(['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', TOKEN_SO_PIN]);
      const made = readdirSync(tokens).find((f) => !before.has(f));
      if (made) folderOf.set(label, made);
    },
    unplug(label) {
      const f = folderOf.get(label);
      if (!f) throw new Error(`no token ${label} was initialised here`);
      renameSync(join(tokens, f), join(away, f));
    },
    plugIn(label) {
      const f = folderOf.get(label)!;
      renameSync(join(away, f), join(tokens, f));
    },
    deleteToken(label) {
      util(['--delete-token', '--token', label]);
    },
    noEcEnv() {
      const noEc = join(dir, 'softhsm2-no-ec.conf');
      writeFileSync(
        noEc,
        `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n` +
          // an RSA-only token
          'slots.mechanisms = CKM_RSA_PKCS_KEY_PAIR_GEN,CKM_RSA_PKCS,CKM_SHA256\n',
      );
      return { ...env, SOFTHSM2_CONF: noEc };
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
