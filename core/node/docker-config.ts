import { readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { SignetError } from '../errors.js';
import type { CredentialSource, Credentials } from '../http/auth.js';
import { redactSecrets } from '../http/redact.js';
import { readUserFile, readUserFileSync, USER_FILE_CAPS } from './files.js';
import type { TlsOptions } from './node-transport.js';

/** The parts of docker's config.json Signet uses. */
export interface DockerConfig {
  path: string;
  auths: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers: Record<string, string>;
}

const HUB_KEY = 'https://index.docker.io/v1/';
/** A credential helper answers with a small JSON object; more than this is not an answer. */
const HELPER_OUTPUT_CAP = 1024 * 1024;
const HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** `$DOCKER_CONFIG`, else `~/.docker`. */
export function dockerConfigDir(env: Record<string, string | undefined> = process.env): string {
  return env['DOCKER_CONFIG'] || join(env['HOME'] || homedir(), '.docker');
}

/** Reads `<dir>/config.json`; a missing file is an empty config, a corrupt one BAD_CONFIG. */
export async function loadDockerConfig(dir: string): Promise<DockerConfig> {
  const path = join(dir, 'config.json');
  let text: string;
  try {
    const bytes = await readUserFile(path, {
      maxBytes: USER_FILE_CAPS.config,
      what: 'docker config file',
      code: 'BAD_CONFIG',
    });
    text = bytes.toString('utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { path, auths: {}, credHelpers: {} };
    if (e instanceof SignetError) throw e;
    throw new SignetError('BAD_CONFIG', `cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
  let raw: unknown;
  try {
    raw = text.trim() === '' ? {} : JSON.parse(text);
  } catch (e) {
    throw new SignetError('BAD_CONFIG', `${path} is not valid JSON: ${(e as Error).message}`, {
      hint: `fix or remove ${path} (docker login rewrites it)`,
      cause: e,
    });
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SignetError('BAD_CONFIG', `${path} is not a JSON object`, { hint: `fix or remove ${path}` });
  }
  const o = raw as Record<string, unknown>;
  const obj = (v: unknown): Record<string, never> =>
    v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, never>) : {};
  const cfg: DockerConfig = { path, auths: obj(o['auths']), credHelpers: obj(o['credHelpers']) };
  if (typeof o['credsStore'] === 'string' && o['credsStore']) cfg.credsStore = o['credsStore'];
  return cfg;
}

/** docker's ConvertToHostname: strips the scheme and any path. */
function hostnameOf(key: string): string {
  return key.replace(/^https?:\/\//, '').split('/')[0]!;
}

/** Logins from docker's config.json and credential helpers (docker cli/config/credentials). */
export class DockerCredentialSource implements CredentialSource {
  constructor(
    private readonly config: DockerConfig,
    private readonly opts: { env?: Record<string, string | undefined>; helperTimeoutMs?: number } = {},
  ) {}

  async get(host: string): Promise<Credentials | undefined> {
    const hub = HUB_HOSTS.has(host);
    const key = hub ? HUB_KEY : host;
    const helper =
      this.config.credHelpers[hub ? 'docker.io' : host] ?? this.config.credHelpers[key] ?? this.config.credsStore;
    if (helper) {
      for (const k of hub ? [key] : [key, `https://${key}`]) {
        const c = await this.runHelper(helper, k);
        if (c) return c;
      }
      return undefined; // with a helper configured, docker ignores `auths` credentials
    }
    const a = this.config.auths;
    const entry =
      a[key] ??
      a[`https://${key}`] ??
      a[`http://${key}`] ??
      Object.entries(a).find(([k]) => hostnameOf(k) === (hub ? 'index.docker.io' : key))?.[1];
    if (!entry) return undefined;
    if (entry.identitytoken) return { identityToken: entry.identitytoken };
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      if (i < 0)
        throw new SignetError(
          'BAD_CONFIG',
          `${this.config.path}: the "auth" entry for ${key} is not base64 of user:password`,
        );
      return { username: decoded.slice(0, i), password: decoded.slice(i + 1) };
    }
    if (entry.username) return { username: entry.username, password: entry.password ?? '' };
    return undefined;
  }

  /** Runs `docker-credential-<name> get` with the server URL on stdin (docker-credential-helpers protocol). */
  private async runHelper(name: string, server: string): Promise<Credentials | undefined> {
    // loaded on first use: most runs need no helper, and child_process brings net, dgram, ... along
    const { spawn } = await import('node:child_process');
    const prog = `docker-credential-${name}`;
    const fail = (why: string, cause?: unknown): SignetError =>
      new SignetError('BAD_CONFIG', `credential helper ${prog} failed for ${server}: ${why}`, {
        hint: `check that ${prog} is installed and on PATH, or fix credsStore/credHelpers in ${this.config.path}`,
        cause,
      });
    return new Promise((resolve, reject) => {
      const child = spawn(prog, ['get'], {
        env: (this.opts.env ?? process.env) as NodeJS.ProcessEnv,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let outBytes = 0;
      let errBytes = 0;
      const timer = setTimeout(() => child.kill(), this.opts.helperTimeoutMs ?? 60_000);
      child.stdout.on('data', (c: Buffer) => {
        outBytes += c.length;
        if (outBytes > HELPER_OUTPUT_CAP) child.kill();
        else out.push(c);
      });
      child.stderr.on('data', (c: Buffer) => {
        if (errBytes < 4096) err.push(c);
        errBytes += c.length;
      });
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(fail((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : e.message, e));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (outBytes > HELPER_OUTPUT_CAP) return reject(fail(`it printed more than ${HELPER_OUTPUT_CAP} bytes`));
        const text = Buffer.concat(out).toString('utf8').trim();
        if (code !== 0) {
          if (/credentials not found/i.test(text)) return resolve(undefined);
          // Its stdout is never shown (a broken helper may print the secret there); stderr only
          // as one short line with anything secret-looking removed.
          return reject(fail(`exit ${code ?? 'signal'}${helperStderr(err)}`));
        }
        let r: { Username?: unknown; Secret?: unknown };
        try {
          r = JSON.parse(text);
        } catch {
          return reject(fail('its output is not JSON'));
        }
        if (typeof r.Secret !== 'string' || r.Secret === '') return resolve(undefined);
        if (r.Username === '<token>') return resolve({ identityToken: r.Secret });
        resolve({ username: typeof r.Username === 'string' ? r.Username : '', password: r.Secret });
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(server);
    });
  }
}

/** `: <first line of stderr>`, short and without anything secret-looking; '' when it printed nothing. */
function helperStderr(chunks: Buffer[]): string {
  const first = Buffer.concat(chunks).subarray(0, 4096).toString('utf8').trim().split('\n')[0]!.trim();
  if (first === '') return '';
  const line = redactSecrets(first);
  return `: ${line.length > 160 ? `${line.slice(0, 160)}…` : line}`;
}

/**
 * docker's ReadCertsDirectory for `<dir>/tls/<host[:port]>/`: `*.crt` are CAs, `*.cert` + `*.key`
 * a client certificate (the first pair by name). A missing directory gives `{}`.
 */
export function tlsOptionsFor(dir: string, hostPort: string): TlsOptions {
  const certDir = join(dir, 'tls', hostPort);
  let names: string[];
  try {
    names = readdirSync(certDir).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new SignetError('BAD_CONFIG', `cannot read ${certDir}: ${(e as Error).message}`, { cause: e });
  }
  const read = (n: string): Buffer => {
    try {
      const what = n.endsWith('.key') ? 'client key file' : 'certificate file';
      return readUserFileSync(join(certDir, n), { maxBytes: USER_FILE_CAPS.pem, what, code: 'BAD_CONFIG' });
    } catch (e) {
      if (e instanceof SignetError) throw e;
      throw new SignetError('BAD_CONFIG', `cannot read ${join(certDir, n)}: ${(e as Error).message}`, { cause: e });
    }
  };
  const out: TlsOptions = {};
  const ca: Buffer[] = [];
  for (const n of names) {
    if (n.endsWith('.crt')) ca.push(read(n));
    else if (n.endsWith('.cert')) {
      const keyName = `${n.slice(0, -5)}.key`;
      if (!names.includes(keyName)) {
        throw new SignetError('BAD_CONFIG', `missing key ${keyName} for client certificate ${join(certDir, n)}`, {
          hint: 'CA certificates must use the extension .crt',
        });
      }
      if (!out.cert) Object.assign(out, { cert: read(n), key: read(keyName) });
    } else if (n.endsWith('.key') && !names.includes(`${n.slice(0, -4)}.cert`)) {
      throw new SignetError(
        'BAD_CONFIG',
        `missing client certificate ${n.slice(0, -4)}.cert for key ${join(certDir, n)}`,
      );
    }
  }
  if (ca.length > 0) out.ca = ca;
  return out;
}
