/**
 * Per-person identities for the real docker and notary CLIs against a test stack.
 * Each identity has its own DOCKER_CONFIG (0700) whose trust/ dir is shared by docker and notary.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync, copyFileSync, chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Stack } from './stack.js';

export const ROOT_PASSPHRASE = 'root-passphrase';
export const REPO_PASSPHRASE = 'repo-passphrase';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** written to stdin, then stdin is closed (default: stdin closed immediately) */
  input?: string;
  /** extra/override environment variables (undefined removes a variable) */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** kill the process (SIGKILL) after this many ms; code is then 124 (default 120000) */
  timeoutMs?: number;
}

export interface NotaryOptions extends RunOptions {
  /** notary server URL (default: the identity's server, i.e. the stack's HTTPS notary) */
  server?: string;
}

export interface Identity {
  name: string;
  /** DOCKER_CONFIG dir */
  dockerConfig: string;
  /** $DOCKER_CONFIG/trust, the notary -d dir */
  trustDir: string;
  /** the notary server this identity talks to by default */
  server: string;
  /** environment for docker/notary (complete: process.env without DOCKER_ and NOTARY_ variables, plus ours) */
  env: Record<string, string>;
  /** notary -s URL [--tlscacert CA] -d trustDir ...args */
  notary(args: string[], opts?: NotaryOptions): Promise<RunResult>;
  /** docker ...args */
  docker(args: string[], opts?: RunOptions): Promise<RunResult>;
}

export interface IdentityOptions {
  /** notary server for DOCKER_CONTENT_TRUST_SERVER and notary -s (default stack.notaryHttpsUrl) */
  server?: string;
}

/** Run a command, never throwing on a non-zero exit. */
export function run(
  cmd: string,
  args: string[],
  env: Record<string, string | undefined>,
  opts: RunOptions = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      env: env as NodeJS.ProcessEnv,
      cwd: opts.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => {
      /* EPIPE when the process does not read stdin */
    });
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 120000);
    let spawnError: Error | undefined;
    child.on('error', (e) => {
      spawnError = e;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString('utf8') + (spawnError ? `\nspawn error: ${spawnError.message}` : '');
      resolve({
        code: timedOut ? 124 : (code ?? (signal ? 128 : 127)),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr,
      });
    });
  });
}

/** process.env without DOCKER_* / NOTARY_* variables (so the host's settings never leak in) */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || /^(DOCKER_|NOTARY_)/.test(k)) continue;
    env[k] = v;
  }
  return env;
}

function mergeEnv(base: Record<string, string>, extra?: Record<string, string | undefined>): Record<string, string> {
  const env = { ...base };
  for (const [k, v] of Object.entries(extra ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function makeIdentity(stack: Stack, name: string, opts: IdentityOptions = {}): Identity {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`bad identity name ${name}`);
  const home = join(stack.dir, 'identities', name);
  const dockerConfig = join(home, 'docker');
  const trustDir = join(dockerConfig, 'trust');
  mkdirSync(trustDir, { recursive: true });
  chmodSync(home, 0o700);
  chmodSync(dockerConfig, 0o700);
  chmodSync(trustDir, 0o700);
  // CA for each HTTPS notary server, where docker looks it up: $DOCKER_CONFIG/tls/<host:port>/ca.crt
  for (const url of [stack.notaryHttpsUrl, stack.notaryEcdsaUrl]) {
    if (!url) continue;
    const hp = new URL(url).host;
    mkdirSync(join(dockerConfig, 'tls', hp), { recursive: true });
    copyFileSync(stack.caFile, join(dockerConfig, 'tls', hp, 'ca.crt'));
  }
  const cfg = join(dockerConfig, 'config.json');
  if (!existsSync(cfg)) writeFileSync(cfg, '{}\n', { mode: 0o600 });

  const server = opts.server ?? stack.notaryHttpsUrl;
  const env = mergeEnv(baseEnv(), {
    DOCKER_CONFIG: dockerConfig,
    DOCKER_CONTENT_TRUST_SERVER: server,
    DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE: ROOT_PASSPHRASE,
    DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE: REPO_PASSPHRASE,
    NOTARY_ROOT_PASSPHRASE: ROOT_PASSPHRASE,
    NOTARY_TARGETS_PASSPHRASE: REPO_PASSPHRASE,
    NOTARY_SNAPSHOT_PASSPHRASE: REPO_PASSPHRASE,
    NOTARY_DELEGATION_PASSPHRASE: REPO_PASSPHRASE,
    // Signet keeps the trust history it verifies here, not in the user's data directory
    SIGNET_DATA_DIR: join(home, 'signet-data'),
    // no engine here: keep the CLI off any real socket
    DOCKER_HOST: `unix://${home}/no-engine.sock`,
    DOCKER_CLI_HINTS: 'false',
    // Signet's own config file (trust pinning): per identity, never the machine's
    SIGNET_CONFIG: join(home, 'signet-config.json'),
    // and its config folder (what it remembers of token keys): never the machine's
    XDG_CONFIG_HOME: join(home, 'config'),
  });

  return {
    name,
    dockerConfig,
    trustDir,
    server,
    env,
    notary(args, o = {}) {
      const url = o.server ?? server;
      const tls = url.startsWith('https://') ? ['--tlscacert', stack.caFile] : [];
      return run('notary', ['-s', url, ...tls, '-d', trustDir, ...args], mergeEnv(env, o.env), o);
    },
    docker(args, o = {}) {
      return run('docker', args, mergeEnv(env, o.env), o);
    },
  };
}

/** throw with the command's output unless it exited 0 */
export function ok(r: RunResult, what = 'command'): RunResult {
  if (r.code !== 0) {
    throw new Error(`${what} failed (rc=${r.code})\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  }
  return r;
}
