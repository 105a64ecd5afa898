/**
 * Where the Docker engine is, found as the docker CLI finds it: DOCKER_HOST; else the context named
 * by DOCKER_CONTEXT or config.json's currentContext (`contexts/meta/<sha256(name)>/meta.json`, its TLS
 * files in `contexts/tls/<sha256(name)>/docker/`); else the platform's default socket (the named
 * pipe on Windows; on macOS Docker Desktop's ~/.docker/run/docker.sock when /var/run/docker.sock is absent).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { SignetError } from '../../errors.js';
import { dockerConfigDir } from '../docker-config.js';
import { readUserFile, USER_FILE_CAPS } from '../files.js';

export type EngineEndpoint =
  | { kind: 'socket'; address: string; socketPath: string }
  | { kind: 'tcp'; address: string; host: string; port: number; tls?: EngineTls };

export interface EngineTls {
  /** Files (PEM) of docker's ca.pem / cert.pem / key.pem, when present. */
  ca?: string;
  cert?: string;
  key?: string;
  skipVerify: boolean;
}

export interface LocateOptions {
  env: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
}

/** docker's default host for the platform. */
function defaultHost(platform: NodeJS.Platform, env: Record<string, string | undefined>): string {
  if (platform === 'win32') return 'npipe:////./pipe/docker_engine';
  if (platform === 'darwin' && !existsSync('/var/run/docker.sock')) {
    const desktop = join(env['HOME'] || homedir(), '.docker', 'run', 'docker.sock');
    if (existsSync(desktop)) return `unix://${desktop}`;
  }
  return 'unix:///var/run/docker.sock';
}

/** Parses a docker host address (unix://, npipe://, tcp://, http(s)://); ssh:// and others are refused with what to do. */
export function parseEngineHost(host: string, tls?: EngineTls): EngineEndpoint {
  if (host.startsWith('unix://')) return { kind: 'socket', address: host, socketPath: host.slice(7) };
  if (host.startsWith('npipe://')) {
    return { kind: 'socket', address: host, socketPath: host.slice(8).replace(/\//g, '\\') };
  }
  const m = /^(tcp|http|https):\/\/(\[[^\]]+\]|[^/:]+)(?::(\d+))?\/?$/.exec(host);
  if (m) {
    const secure = m[1] === 'https' || tls !== undefined;
    const port = Number(m[3] ?? (secure ? 2376 : 2375));
    const endpoint: EngineEndpoint = { kind: 'tcp', address: host, host: m[2]!.replace(/^\[|\]$/g, ''), port };
    if (secure) endpoint.tls = tls ?? { skipVerify: false };
    return endpoint;
  }
  throw new SignetError('ENGINE_UNREACHABLE', `Signet cannot reach a Docker engine at ${host}`, {
    hint: 'use a unix://, npipe:// or tcp:// address (for ssh://, forward the socket: ssh -L /tmp/docker.sock:/var/run/docker.sock HOST, then DOCKER_HOST=unix:///tmp/docker.sock)',
  });
}

/** DOCKER_TLS_VERIFY / DOCKER_CERT_PATH, as docker reads them for a DOCKER_HOST. */
function envTls(env: Record<string, string | undefined>, configDir: string): EngineTls | undefined {
  if (!env['DOCKER_TLS_VERIFY'] && !env['DOCKER_CERT_PATH']) return undefined;
  const dir = env['DOCKER_CERT_PATH'] || configDir;
  return tlsFiles(dir, !env['DOCKER_TLS_VERIFY']);
}

function tlsFiles(dir: string, skipVerify: boolean): EngineTls {
  const tls: EngineTls = { skipVerify };
  for (const k of ['ca', 'cert', 'key'] as const) {
    const f = join(dir, `${k}.pem`);
    if (existsSync(f)) tls[k] = f;
  }
  return tls;
}

async function readJson(path: string, what: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = (await readUserFile(path, { maxBytes: USER_FILE_CAPS.config, what, code: 'BAD_CONFIG' })).toString('utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    throw new SignetError('BAD_CONFIG', `${path} is not valid JSON`, { hint: `fix or remove ${path}` });
  }
}

/** The engine docker would use; `source` says which setting named it (for messages). */
export async function locateEngine(opts: LocateOptions): Promise<{ endpoint: EngineEndpoint; source: string }> {
  const env = opts.env;
  const configDir = dockerConfigDir(env);
  if (env['DOCKER_HOST']) {
    return { endpoint: parseEngineHost(env['DOCKER_HOST'], envTls(env, configDir)), source: 'DOCKER_HOST' };
  }
  let context = env['DOCKER_CONTEXT'];
  if (!context) {
    const config = await readJson(join(configDir, 'config.json'), 'docker config file');
    const current = config?.['currentContext'];
    if (typeof current === 'string') context = current;
  }
  if (context && context !== 'default') {
    const id = createHash('sha256').update(context).digest('hex');
    const metaPath = join(configDir, 'contexts', 'meta', id, 'meta.json');
    const meta = await readJson(metaPath, 'docker context file');
    const endpoints = meta?.['Endpoints'] as Record<string, { Host?: unknown; SkipTLSVerify?: unknown }> | undefined;
    const docker = endpoints?.['docker'];
    if (!meta || typeof docker?.Host !== 'string') {
      throw new SignetError('BAD_CONFIG', `the docker context "${context}" has no engine address (${metaPath})`, {
        hint: `choose another context (docker context use default) or set DOCKER_HOST`,
      });
    }
    const tlsDir = join(configDir, 'contexts', 'tls', id, 'docker');
    const tls = existsSync(tlsDir) ? tlsFiles(tlsDir, docker.SkipTLSVerify === true) : undefined;
    return { endpoint: parseEngineHost(docker.Host, tls), source: `docker context ${context}` };
  }
  return { endpoint: parseEngineHost(defaultHost(opts.platform ?? process.platform, env)), source: 'default' };
}
