/**
 * Local Docker Content Trust test stack (Notary v1 + registry), loopback only.
 *
 * Starts real Debian binaries (notary-server, notary-signer, docker-registry) on free
 * random ports on 127.0.0.1, each with a config written into a fresh temp dir:
 *   - notary-server over HTTPS (self-signed EC CA, memory store, local trust service:
 *     ED25519 timestamp/snapshot keys)
 *   - notary-server over plain HTTP (same config, separate memory store)
 *   - optional (opts.ecdsa): notary-signer + a notary-server using it (ECDSA timestamp keys)
 *   - docker-registry (filesystem storage in the temp dir)
 *   - optional (opts.registryAuth): docker-registry with htpasswd basic auth
 *
 * Nothing outside the temp dir is used; ../shared is not needed.
 * Note: notary-server uses a memory store, so stopNotary()+startNotary() simulates an
 * outage but the restarted server is EMPTY (clients keep their local cache).
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, openSync, closeSync, readFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, connect } from 'node:net';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);
const BIND = '127.0.0.1';

export type NotaryWhich = 'https' | 'http' | 'ecdsa';

export interface StackOptions {
  /** also start notary-signer + a notary-server with ECDSA timestamp keys (default false) */
  ecdsa?: boolean;
  /** also start an htpasswd basic-auth registry (default false) */
  registryAuth?: boolean;
  /** basic-auth credentials for the auth registry (default testuser / testpassword) */
  registryUser?: string;
  registryPassword?: string;
  /** notary/registry log level (default 'info') */
  logLevel?: string;
  /** keep the temp dir after stop() (for debugging); also STACK_KEEP=1 */
  keep?: boolean;
  /** health wait per service in ms (default 15000) */
  startTimeoutMs?: number;
}

export interface Stack {
  /** temp dir holding tls/, logs/, configs, registry data, identities/ */
  dir: string;
  /** PEM CA that signed the servers' certificate (SAN 127.0.0.1, localhost) */
  caFile: string;
  notaryHttpsUrl: string;
  notaryHttpUrl: string;
  /** only with opts.ecdsa */
  notaryEcdsaUrl?: string;
  /** e.g. 127.0.0.1:41234 */
  registryHost: string;
  /** e.g. http://127.0.0.1:41234 */
  registryUrl: string;
  /** only with opts.registryAuth */
  registryAuthHost?: string;
  registryAuthUrl?: string;
  registryUser: string;
  registryPassword: string;
  /** log file of a service: notary-https, notary-http, notary-signer, notary-ecdsa, registry, registry-auth */
  logFile(name: string): string;
  /** PIDs of the running processes started by this stack (name -> pid) */
  pids(): Record<string, number>;
  /** kill every process this stack started (SIGTERM, then SIGKILL after 5 s) and remove the temp dir */
  stop(): Promise<void>;
  /** stop one notary server (outage). Memory store: its data is lost. */
  stopNotary(which: NotaryWhich): Promise<void>;
  /** start a stopped notary server again on the same port (empty memory store) */
  startNotary(which: NotaryWhich): Promise<void>;
}

interface Service {
  name: string;
  bin: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  health: () => Promise<boolean>;
  proc?: ChildProcess;
  exited?: Promise<void>;
}

/* ---------------------------------------------------------------- global cleanup */

const live = new Set<ChildProcess>();
const liveDirs = new Set<string>();
let hooksInstalled = false;

function emergencyCleanup(): void {
  for (const p of live) {
    try {
      if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    } catch {
      /* ignore */
    }
  }
  live.clear();
  for (const d of liveDirs) {
    try {
      rmSync(d, { recursive: true, force: true });
    } catch {
      /* ignore */
    }
  }
  liveDirs.clear();
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', emergencyCleanup);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = (): void => {
      emergencyCleanup();
      process.removeListener(sig, handler);
      // re-raise so the default behaviour (exit by signal) still happens,
      // unless someone else handles the signal too
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, handler);
  }
}

/* ---------------------------------------------------------------- small utilities */

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, BIND, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** true when something answers with any HTTP status */
function probe(url: string, ca?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const u = new URL(url);
    const req =
      u.protocol === 'https:'
        ? httpsRequest(u, { method: 'GET', ca, timeout: 1000, agent: false })
        : httpRequest(u, { method: 'GET', timeout: 1000, agent: false });
    req.on('response', (res) => {
      res.resume();
      resolve(typeof res.statusCode === 'number');
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(false));
    req.end();
  });
}

function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: BIND, port });
    s.setTimeout(1000);
    s.on('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.on('timeout', () => {
      s.destroy();
      resolve(false);
    });
    s.on('error', () => resolve(false));
  });
}

/** process.env without variables that the servers would read as configuration */
function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(REGISTRY_|NOTARY_|DOCKER_)/.test(k)) continue;
    env[k] = v;
  }
  return env;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  await execFileP('openssl', args, { cwd });
}

async function makeTls(tls: string): Promise<void> {
  mkdirSync(tls, { recursive: true });
  await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key'], tls);
  await openssl(
    [
      'req',
      '-x509',
      '-new',
      '-key',
      'ca.key',
      '-sha256',
      '-days',
      '30',
      '-subj',
      '/CN=signet test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-out',
      'ca.crt',
    ],
    tls,
  );
  await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'server.key'], tls);
  await openssl(['req', '-new', '-key', 'server.key', '-subj', '/CN=localhost', '-out', 'server.csr'], tls);
  writeFileSync(
    join(tls, 'server.ext'),
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '',
    ].join('\n'),
  );
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '30',
      '-sha256',
      '-extfile',
      'server.ext',
      '-out',
      'server.crt',
    ],
    tls,
  );
  chmodSync(join(tls, 'ca.key'), 0o600);
  chmodSync(join(tls, 'server.key'), 0o600);
}

function notaryServerConfig(
  port: number,
  tls: string | null,
  logLevel: string,
  signer?: { port: number; ca: string },
): string {
  const server: Record<string, string> = { http_addr: `${BIND}:${port}` };
  if (tls) {
    server.tls_key_file = join(tls, 'server.key');
    server.tls_cert_file = join(tls, 'server.crt');
  }
  const trust_service = signer
    ? { type: 'remote', hostname: BIND, port: String(signer.port), tls_ca_file: signer.ca, key_algorithm: 'ecdsa' }
    : { type: 'local', key_algorithm: 'ecdsa' };
  return JSON.stringify(
    { server, trust_service, storage: { backend: 'memory' }, logging: { level: logLevel } },
    null,
    2,
  );
}

function registryConfig(name: string, port: number, dataDir: string, logLevel: string, htpasswd?: string): string {
  const lines = [
    'version: 0.1',
    'log:',
    `  level: ${logLevel === 'debug' ? 'debug' : 'info'}`,
    '  fields:',
    `    service: ${name}`,
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${dataDir}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: ${BIND}:${port}`,
    '  secret: signet-test-not-a-secret',
    '  headers:',
    '    X-Content-Type-Options: [nosniff]',
  ];
  if (htpasswd) {
    lines.push('auth:', '  htpasswd:', '    realm: signet-test', `    path: ${htpasswd}`);
  }
  return lines.join('\n') + '\n';
}

/* ---------------------------------------------------------------- the stack */

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  installHooks();
  const logLevel = opts.logLevel ?? 'info';
  const timeoutMs = opts.startTimeoutMs ?? 15000;
  const registryUser = opts.registryUser ?? 'testuser';
  const registryPassword = opts.registryPassword ?? 'testpassword';
  const keep = opts.keep ?? process.env.STACK_KEEP === '1';

  const dir = mkdtempSync(join(tmpdir(), 'signet-stack-'));
  liveDirs.add(dir);
  const tls = join(dir, 'tls');
  const logs = join(dir, 'logs');
  for (const d of [
    logs,
    join(dir, 'notary'),
    join(dir, 'registry'),
    join(dir, 'registry-auth'),
    join(dir, 'identities'),
  ]) {
    mkdirSync(d, { recursive: true });
  }
  const services = new Map<string, Service>();
  let stopped = false;

  const launch = async (svc: Service): Promise<void> => {
    const logPath = join(logs, `${svc.name}.log`);
    const fd = openSync(logPath, 'a');
    let proc: ChildProcess;
    try {
      proc = spawn(svc.bin, svc.args, { env: svc.env, stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
    // unref: a test that forgets stop() must not keep its process alive; the 'exit' hook kills it
    proc.unref();
    live.add(proc);
    svc.proc = proc;
    let exitedFlag = false;
    svc.exited = new Promise<void>((resolve) => {
      const done = (): void => {
        exitedFlag = true;
        live.delete(proc);
        resolve();
      };
      proc.once('exit', done);
      proc.once('error', done);
    });
    const t0 = Date.now();
    while (Date.now() - t0 < timeoutMs) {
      if (exitedFlag) break;
      if (await svc.health()) {
        // a server that lost its port to another stack exits at once; make sure the
        // answer came from ours and not from someone else's server on the same port
        await sleep(30);
        if (!exitedFlag) return;
        break;
      }
      await sleep(50);
    }
    let tail = '';
    try {
      tail = readFileSync(logPath, 'utf8').split('\n').slice(-20).join('\n');
    } catch {
      /* ignore */
    }
    await killService(svc);
    throw new Error(`${svc.name} did not come up (${exitedFlag ? 'exited' : 'timeout'}); log ${logPath}:\n${tail}`);
  };

  const killService = async (svc: Service): Promise<void> => {
    const p = svc.proc;
    if (!p) return;
    svc.proc = undefined;
    if (p.exitCode === null && p.signalCode === null) {
      p.kill('SIGTERM');
      const t = setTimeout(() => {
        if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
      }, 5000);
      await svc.exited;
      clearTimeout(t);
    }
    live.delete(p);
  };

  const stopAll = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // stop in reverse start order (notary-ecdsa before notary-signer)
    const list = [...services.values()].reverse();
    await Promise.all(list.map((s) => killService(s)));
    if (!keep) {
      rmSync(dir, { recursive: true, force: true });
    }
    liveDirs.delete(dir);
  };

  /** start a service, retrying on a fresh port if the chosen one was taken meanwhile */
  const startWithRetry = async (make: (port: number) => Service, fixedPort?: number): Promise<number> => {
    let lastErr: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      let port = fixedPort ?? (await freePort());
      // another stack (parallel test file) may have taken it in the meantime
      if (fixedPort === undefined && (await tcpOpen(port))) port = await freePort();
      const svc = make(port);
      services.set(svc.name, svc);
      try {
        await launch(svc);
        return port;
      } catch (e) {
        lastErr = e;
        if (fixedPort !== undefined) break;
      }
    }
    throw lastErr;
  };

  try {
    await makeTls(tls);
    const caFile = join(tls, 'ca.crt');
    const ca = readFileSync(caFile, 'utf8');
    const env = serverEnv();

    const notarySvc = (name: string, port: number, useTls: boolean, signer?: { port: number; ca: string }): Service => {
      const cfg = join(dir, 'notary', `${name}.json`);
      writeFileSync(cfg, notaryServerConfig(port, useTls ? tls : null, logLevel, signer));
      const url = `${useTls ? 'https' : 'http'}://${BIND}:${port}/_notary_server/health`;
      return {
        name,
        bin: 'notary-server',
        args: ['-config', cfg],
        env,
        health: () => probe(url, useTls ? ca : undefined),
      };
    };

    const registrySvc = (name: string, port: number, htpasswd?: string): Service => {
      const cfg = join(dir, name, 'config.yml');
      writeFileSync(cfg, registryConfig(name, port, join(dir, name, 'data'), logLevel, htpasswd));
      return {
        name,
        bin: 'docker-registry',
        args: ['serve', cfg],
        env, // REGISTRY_* removed: docker-registry reads them as config overrides
        health: () => probe(`http://${BIND}:${port}/v2/`),
      };
    };

    const ports: Record<string, number> = {};
    const tasks: Promise<void>[] = [];
    tasks.push(startWithRetry((p) => notarySvc('notary-https', p, true)).then((p) => void (ports['notary-https'] = p)));
    tasks.push(startWithRetry((p) => notarySvc('notary-http', p, false)).then((p) => void (ports['notary-http'] = p)));
    tasks.push(startWithRetry((p) => registrySvc('registry', p)).then((p) => void (ports.registry = p)));
    if (opts.registryAuth) {
      const htpasswd = join(dir, 'registry-auth', 'htpasswd');
      tasks.push(
        execFileP('htpasswd', ['-Bbn', registryUser, registryPassword]).then(async ({ stdout }) => {
          writeFileSync(htpasswd, stdout);
          ports['registry-auth'] = await startWithRetry((p) => registrySvc('registry-auth', p, htpasswd));
        }),
      );
    }
    if (opts.ecdsa) {
      tasks.push(
        (async () => {
          const signerPort = await startWithRetry((p) => {
            const cfg = join(dir, 'notary', 'notary-signer.json');
            writeFileSync(
              cfg,
              JSON.stringify(
                {
                  server: {
                    grpc_addr: `${BIND}:${p}`,
                    tls_cert_file: join(tls, 'server.crt'),
                    tls_key_file: join(tls, 'server.key'),
                  },
                  storage: { backend: 'memory' },
                  logging: { level: logLevel },
                },
                null,
                2,
              ),
            );
            return {
              name: 'notary-signer',
              bin: 'notary-signer',
              args: ['-config', cfg],
              env,
              health: () => tcpOpen(p),
            };
          });
          ports['notary-signer'] = signerPort;
          ports['notary-ecdsa'] = await startWithRetry((p) =>
            notarySvc('notary-ecdsa', p, true, { port: signerPort, ca: caFile }),
          );
        })(),
      );
    }
    const results = await Promise.allSettled(tasks);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;

    const registryHost = `${BIND}:${ports.registry}`;
    const stack: Stack = {
      dir,
      caFile,
      notaryHttpsUrl: `https://${BIND}:${ports['notary-https']}`,
      notaryHttpUrl: `http://${BIND}:${ports['notary-http']}`,
      registryHost,
      registryUrl: `http://${registryHost}`,
      registryUser,
      registryPassword,
      logFile: (name) => join(logs, `${name}.log`),
      pids: () => {
        const out: Record<string, number> = {};
        for (const s of services.values())
          if (s.proc?.pid !== undefined && s.proc.exitCode === null) out[s.name] = s.proc.pid;
        return out;
      },
      stop: stopAll,
      stopNotary: async (which) => {
        const svc = services.get(`notary-${which}`);
        if (!svc) throw new Error(`no notary-${which} in this stack`);
        await killService(svc);
      },
      startNotary: async (which) => {
        const name = `notary-${which}`;
        const svc = services.get(name);
        const port = ports[name];
        if (!svc || port === undefined) throw new Error(`no ${name} in this stack`);
        if (svc.proc) return; // already running
        if (stopped) throw new Error('stack was stopped');
        await launch(svc);
      },
    };
    if (opts.ecdsa) stack.notaryEcdsaUrl = `https://${BIND}:${ports['notary-ecdsa']}`;
    if (opts.registryAuth) {
      stack.registryAuthHost = `${BIND}:${ports['registry-auth']}`;
      stack.registryAuthUrl = `http://${stack.registryAuthHost}`;
    }
    return stack;
  } catch (e) {
    await stopAll();
    throw e;
  }
}
