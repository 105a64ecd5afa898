/**
 * Test token issuer (docker/distribution "token" auth) and a REAL notary-server that trusts it.
 *
 * startTokenServer(): node:http on 127.0.0.1, `GET /token?service=&scope=&account=`:
 *   - HTTP Basic user:password (default testuser / testpassword) → every requested scope granted
 *   - wrong credentials → 401
 *   - anonymous → 401, or only the `pull` actions when `anonymousPull: true`
 * The token is an ES256 JWT whose `x5c` header holds [signing cert DER, root CA DER]; the root CA
 * (throw-away, made with openssl) is `rootCertFile`, the notary-server `rootcertbundle`.
 *
 * startTokenNotary(): `notary-server` (memory store, local trust service) with
 * `"auth": {"type": "token", ...}` pointing at that issuer, on a free 127.0.0.1 port,
 * over HTTPS (when given a cert/key) or plain HTTP.
 *
 * Every process and server started here is stopped by stop() (and killed on process exit).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './stack.js';

const execFileP = promisify(execFile);
const BIND = '127.0.0.1';

export interface TokenServerOptions {
  /** default testuser / testpassword */
  username?: string;
  password?: string;
  /** grant `pull` (only) to anonymous requests instead of answering 401 (default false) */
  anonymousPull?: boolean;
  /** JWT `iss` (default "signet-test-issuer") */
  issuer?: string;
  /** token lifetime in seconds (default 300) */
  expiresIn?: number;
  /** directory for the CA files (default: a fresh temp dir, removed by stop()) */
  dir?: string;
}

export interface TokenRequestLog {
  service: string;
  scopes: string[];
  account: string | undefined;
  /** 'basic' when HTTP Basic credentials were sent (good or bad), else 'anonymous' */
  auth: 'basic' | 'anonymous';
  status: number;
  /** access granted (name → actions), empty when refused */
  granted: { type: string; name: string; actions: string[] }[];
}

export interface TokenServer {
  /** e.g. http://127.0.0.1:41234/token */
  realm: string;
  /** PEM root CA that signed the token signing certificate (notary `rootcertbundle`) */
  rootCertFile: string;
  issuer: string;
  username: string;
  password: string;
  /** every /token request, in order */
  requests: TokenRequestLog[];
  /** mint a token directly (e.g. to POST metadata with curl) */
  mint(service: string, access: { type: string; name: string; actions: string[] }[], subject?: string): string;
  stop(): Promise<void>;
}

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

async function openssl(args: string[], cwd: string): Promise<void> {
  await execFileP('openssl', args, { cwd });
}

/** root CA + token signing certificate (EC P-256), both valid for 30 days. */
async function makeSigningCerts(dir: string): Promise<void> {
  await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'root.key'], dir);
  await openssl(
    [
      'req',
      '-x509',
      '-new',
      '-key',
      'root.key',
      '-sha256',
      '-days',
      '30',
      '-subj',
      '/CN=signet test token root',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-out',
      'root.crt',
    ],
    dir,
  );
  await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'signing.key'], dir);
  await openssl(
    ['req', '-new', '-key', 'signing.key', '-subj', '/CN=signet test token signer', '-out', 'signing.csr'],
    dir,
  );
  // no extendedKeyUsage: Go's x509.Verify (default ServerAuth) accepts a leaf without EKU
  writeFileSync(join(dir, 'signing.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n');
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      'signing.csr',
      '-CA',
      'root.crt',
      '-CAkey',
      'root.key',
      '-CAcreateserial',
      '-days',
      '30',
      '-sha256',
      '-extfile',
      'signing.ext',
      '-out',
      'signing.crt',
    ],
    dir,
  );
}

/** `repository:127.0.0.1:5000/a/b:pull,push` → type, name (may hold ':'), actions */
function parseScope(scope: string): { type: string; name: string; actions: string[] } | undefined {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first <= 0 || last <= first) return undefined;
  return {
    type: scope.slice(0, first),
    name: scope.slice(first + 1, last),
    actions: scope
      .slice(last + 1)
      .split(',')
      .filter((a) => a !== ''),
  };
}

export async function startTokenServer(opts: TokenServerOptions = {}): Promise<TokenServer> {
  const username = opts.username ?? 'testuser';
  const password = opts.password ?? 'testpassword';
  const issuer = opts.issuer ?? 'signet-test-issuer';
  const expiresIn = opts.expiresIn ?? 300;
  const ownDir = opts.dir === undefined;
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'signet-token-'));
  mkdirSync(dir, { recursive: true });
  await makeSigningCerts(dir);
  const key = createPrivateKey(readFileSync(join(dir, 'signing.key')));
  const x5c = [
    new X509Certificate(readFileSync(join(dir, 'signing.crt'))).raw.toString('base64'),
    new X509Certificate(readFileSync(join(dir, 'root.crt'))).raw.toString('base64'),
  ];
  const requests: TokenRequestLog[] = [];

  const mint = (service: string, access: { type: string; name: string; actions: string[] }[], subject = ''): string => {
    const now = Math.floor(Date.now() / 1000);
    const header = { typ: 'JWT', alg: 'ES256', x5c };
    const claims = {
      iss: issuer,
      sub: subject,
      aud: service,
      exp: now + expiresIn,
      nbf: now - 10,
      iat: now,
      jti: randomUUID(),
      access,
    };
    const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    const sig = sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' });
    return `${signingInput}.${b64url(sig)}`;
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const u = new URL(req.url ?? '/', `http://${BIND}`);
    if (req.method !== 'GET' || u.pathname !== '/token') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const service = u.searchParams.get('service') ?? '';
    const scopes = u.searchParams
      .getAll('scope')
      .flatMap((s) => s.split(' '))
      .filter((s) => s !== '');
    const account = u.searchParams.get('account') ?? undefined;
    const authz = req.headers['authorization'] ?? '';
    const log: TokenRequestLog = { service, scopes, account, auth: 'anonymous', status: 0, granted: [] };
    requests.push(log);
    let user: string | undefined;
    if (/^basic /i.test(authz)) {
      log.auth = 'basic';
      const decoded = Buffer.from(authz.slice(6).trim(), 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      if (i < 0 || decoded.slice(0, i) !== username || decoded.slice(i + 1) !== password) {
        log.status = 401;
        res.writeHead(401, {
          'content-type': 'application/json',
          'www-authenticate': 'Basic realm="signet-test-token"',
        });
        res.end(JSON.stringify({ details: 'incorrect username or password' }) + '\n');
        return;
      }
      user = username;
    } else if (!opts.anonymousPull) {
      log.status = 401;
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="signet-test-token"' });
      res.end(JSON.stringify({ details: 'authentication required' }) + '\n');
      return;
    }
    const access: { type: string; name: string; actions: string[] }[] = [];
    for (const s of scopes) {
      const p = parseScope(s);
      if (!p) continue;
      const actions = user ? p.actions : p.actions.filter((a) => a === 'pull');
      if (actions.length > 0) access.push({ ...p, actions });
    }
    log.granted = access;
    log.status = 200;
    const token = mint(service, access, user ?? '');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ token, access_token: token, expires_in: expiresIn, issued_at: new Date().toISOString() }) + '\n',
    );
  };

  const server: Server = createServer(handle);
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, BIND, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  let stopped = false;
  return {
    realm: `http://${BIND}:${port}/token`,
    rootCertFile: join(dir, 'root.crt'),
    issuer,
    username,
    password,
    requests,
    mint,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/* ---------------------------------------------------------------- notary-server with token auth */

export interface TokenNotaryOptions {
  token: Pick<TokenServer, 'realm' | 'issuer' | 'rootCertFile'>;
  /** token `service` / `aud` the server expects (default "notary-server") */
  service?: string;
  /** HTTPS when both are given (e.g. the stack's tls/server.crt + server.key), else plain HTTP */
  tlsCertFile?: string;
  tlsKeyFile?: string;
  /** PEM CA for the health probe over HTTPS (default: no verification of the probe) */
  caFile?: string;
  /** config + log directory (default: a fresh temp dir, removed by stop()) */
  dir?: string;
  logLevel?: string;
  startTimeoutMs?: number;
}

export interface TokenNotary {
  url: string;
  /** host:port */
  host: string;
  logFile: string;
  pid: number;
  stop(): Promise<void>;
}

const liveProcs = new Set<ChildProcess>();
let exitHook = false;

function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(REGISTRY_|NOTARY_|DOCKER_)/.test(k)) env[k] = v;
  return env;
}

function probe(url: string, ca: string | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const u = new URL(url);
    const req =
      u.protocol === 'https:'
        ? httpsRequest(u, {
            method: 'GET',
            timeout: 1000,
            agent: false,
            ...(ca ? { ca } : { rejectUnauthorized: false }),
          })
        : httpRequest(u, { method: 'GET', timeout: 1000, agent: false });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(false));
    req.end();
  });
}

export async function startTokenNotary(opts: TokenNotaryOptions): Promise<TokenNotary> {
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => {
      for (const p of liveProcs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    });
  }
  const ownDir = opts.dir === undefined;
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'signet-token-notary-'));
  mkdirSync(dir, { recursive: true });
  const useTls = opts.tlsCertFile !== undefined && opts.tlsKeyFile !== undefined;
  const ca = opts.caFile ? readFileSync(opts.caFile, 'utf8') : undefined;
  const timeoutMs = opts.startTimeoutMs ?? 15000;
  const logFile = join(dir, 'notary-token.log');
  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const server: Record<string, string> = { http_addr: `${BIND}:${port}` };
    if (useTls) Object.assign(server, { tls_cert_file: opts.tlsCertFile, tls_key_file: opts.tlsKeyFile });
    const config = {
      server,
      trust_service: { type: 'local', key_algorithm: 'ecdsa' },
      storage: { backend: 'memory' },
      logging: { level: opts.logLevel ?? 'info' },
      auth: {
        type: 'token',
        options: {
          realm: opts.token.realm,
          service: opts.service ?? 'notary-server',
          issuer: opts.token.issuer,
          rootcertbundle: opts.token.rootCertFile,
        },
      },
    };
    const cfgFile = join(dir, 'notary-token.json');
    writeFileSync(cfgFile, JSON.stringify(config, null, 2));
    const fd = openSync(logFile, 'a');
    let proc: ChildProcess;
    try {
      proc = spawn('notary-server', ['-config', cfgFile], { env: serverEnv(), stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
    proc.unref();
    liveProcs.add(proc);
    let exited = false;
    const exitedP = new Promise<void>((resolve) => {
      const done = (): void => {
        exited = true;
        liveProcs.delete(proc);
        resolve();
      };
      proc.once('exit', done);
      proc.once('error', done);
    });
    const kill = async (): Promise<void> => {
      if (!exited) {
        proc.kill('SIGTERM');
        const t = setTimeout(() => !exited && proc.kill('SIGKILL'), 5000);
        await exitedP;
        clearTimeout(t);
      }
    };
    const url = `${useTls ? 'https' : 'http'}://${BIND}:${port}`;
    const t0 = Date.now();
    while (Date.now() - t0 < timeoutMs && !exited) {
      if (await probe(`${url}/_notary_server/health`, ca)) {
        return {
          url,
          host: `${BIND}:${port}`,
          logFile,
          pid: proc.pid ?? -1,
          stop: async () => {
            await kill();
            if (ownDir) rmSync(dir, { recursive: true, force: true });
          },
        };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await kill();
    lastError = `notary-server (token auth) did not come up (${exited ? 'exited' : 'timeout'}); log:\n${readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n')}`;
  }
  if (ownDir) rmSync(dir, { recursive: true, force: true });
  throw new Error(lastError);
}
