/**
 * A REAL docker-registry with docker/distribution token auth, trusting a test token issuer
 * (test/helpers/token-server.ts): every request needs a Bearer token for its scope
 * (`repository:<name>:pull`, `registry:catalog:*` for the catalog). Loopback, random port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './stack.js';
import type { TokenServer } from './token-server.js';

export interface TokenRegistry {
  /** host:port */
  host: string;
  /** the token `service` the registry expects */
  service: string;
  logFile: string;
  stop(): Promise<void>;
}

function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(REGISTRY_|NOTARY_|DOCKER_)/.test(k)) env[k] = v;
  return env;
}

export async function startTokenRegistry(token: TokenServer, service = 'signet-registry'): Promise<TokenRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'signet-token-registry-'));
  mkdirSync(join(dir, 'data'));
  const logFile = join(dir, 'registry.log');
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const cfg = join(dir, 'config.yml');
    writeFileSync(
      cfg,
      [
        'version: 0.1',
        'log:',
        '  level: info',
        'storage:',
        '  filesystem:',
        `    rootdirectory: ${join(dir, 'data')}`,
        '  delete:',
        '    enabled: true',
        'http:',
        `  addr: 127.0.0.1:${port}`,
        '  secret: signet-test-not-a-secret',
        'auth:',
        '  token:',
        `    realm: ${token.realm}`,
        `    service: ${service}`,
        `    issuer: ${token.issuer}`,
        `    rootcertbundle: ${token.rootCertFile}`,
        '',
      ].join('\n'),
    );
    const fd = openSync(logFile, 'a');
    let proc: ChildProcess;
    try {
      proc = spawn('docker-registry', ['serve', cfg], { env: serverEnv(), stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
    proc.unref();
    let exited = false;
    const exitedP = new Promise<void>((r) => proc.once('exit', () => ((exited = true), r())));
    const kill = async (): Promise<void> => {
      if (exited) return;
      proc.kill('SIGTERM');
      const t = setTimeout(() => !exited && proc.kill('SIGKILL'), 5000);
      await exitedP;
      clearTimeout(t);
    };
    process.once('exit', () => !exited && proc.kill('SIGKILL'));
    const t0 = Date.now();
    while (Date.now() - t0 < 15_000 && !exited) {
      const ok = await fetch(`http://127.0.0.1:${port}/v2/`).then(
        (r) => r.status === 401,
        () => false,
      );
      if (ok) {
        return {
          host: `127.0.0.1:${port}`,
          service,
          logFile,
          stop: async () => {
            await kill();
            rmSync(dir, { recursive: true, force: true });
          },
        };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await kill();
  }
  const log = readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`docker-registry (token auth) did not come up; log:\n${log}`);
}
