import { SignetError } from '../errors.js';
import { toBase64, utf8 } from '../util/bytes.js';
import { displayUrl, expectOk } from './status.js';
import type { HttpRequest, HttpResponse, HttpTransport } from './transport.js';

/** A login: user + password, or an identity (OAuth refresh) token as `docker login` stores it. */
export type Credentials = { username: string; password: string } | { identityToken: string };

/** Where logins come from (core/node/docker-config.ts reads docker's config.json and helpers). */
export interface CredentialSource {
  /** `host` is `host[:port]` as docker keys it (`docker.io` for Docker Hub). */
  get(host: string): Promise<Credentials | undefined>;
}

/** One `WWW-Authenticate` challenge; scheme and parameter names lower-cased. */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses a `WWW-Authenticate` value, which may hold several challenges (Node joins repeats with ", "). */
export function parseChallenges(header: string): Challenge[] {
  const out: Challenge[] = [];
  let current: Challenge | undefined;
  for (const m of header.matchAll(/([!#$%&'*+\-.^_`|~0-9A-Za-z]+)(?:\s*=\s*("(?:[^"\\]|\\.)*"|[^,\s]*))?/g)) {
    const name = m[1]!;
    const raw = m[2];
    if (raw === undefined) out.push((current = { scheme: name.toLowerCase(), params: {} }));
    else if (current)
      current.params[name.toLowerCase()] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
  }
  return out;
}

export interface AuthOptions {
  credentials?: CredentialSource;
  /** Host whose login is used; docker sends the registry's login to its trust server. Default: the URL's host. */
  credentialHost?: string;
  /** OAuth client_id sent to token servers. */
  clientId?: string;
  tokenTimeoutMs?: number;
  now?: () => number;
}

const LOGIN_HINT = (host: string): string =>
  `log in with \`docker login ${host}\` or check the credentials in $DOCKER_CONFIG/config.json`;

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * Docker-style registry/notary authentication over an HttpTransport: remembers each origin's
 * challenge, fetches Bearer tokens (Basic login, refresh token or anonymous), caches them per
 * realm+service+scope and retries a 401 once. Throws HTTP_UNAUTHORIZED when it cannot authenticate;
 * a 401 without a usable challenge is returned for the caller to map. Never puts secrets in errors.
 */
export class AuthenticatingClient {
  private readonly challenges = new Map<string, Challenge>();
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();
  private readonly logins = new Map<string, Promise<Credentials | undefined>>();

  constructor(
    readonly transport: HttpTransport,
    private readonly opts: AuthOptions = {},
  ) {}

  /** GET without retrying; a 401 records the challenge (docker pings `/v2/` first). */
  async ping(url: string, timeoutMs?: number): Promise<HttpResponse> {
    const res = await this.transport.request(
      timeoutMs === undefined ? { method: 'GET', url } : { method: 'GET', url, timeoutMs },
    );
    if (res.status === 401) this.record(url, res);
    return res;
  }

  /** Sends `req`, authenticating for `scope` (e.g. `repository:<GUN>:pull`) when challenged. */
  async request(req: HttpRequest, scope?: string): Promise<HttpResponse> {
    const send = (authorization: string | undefined): Promise<HttpResponse> =>
      this.transport.request(authorization ? { ...req, headers: { ...req.headers, authorization } } : req);
    const known = this.challenges.get(new URL(req.url).origin);
    const first = known ? await this.authorization(req.url, known, scope, false) : undefined;
    const res = await send(first);
    if (res.status !== 401) return res;
    const challenge = this.record(req.url, res);
    if (!challenge) return res;
    const second = await this.authorization(req.url, challenge, scope, first !== undefined);
    if (second === undefined) throw this.unauthorized(req.url, false);
    const retried = await send(second);
    if (retried.status === 401) throw this.unauthorized(req.url, (await this.login(req.url)) !== undefined);
    return retried;
  }

  private record(url: string, res: HttpResponse): Challenge | undefined {
    const all = parseChallenges(res.headers['www-authenticate'] ?? '');
    const chosen = all.find((c) => c.scheme === 'bearer' && c.params['realm']) ?? all.find((c) => c.scheme === 'basic');
    if (chosen) this.challenges.set(new URL(url).origin, chosen);
    return chosen;
  }

  private loginHost(url: string): string {
    return this.opts.credentialHost ?? new URL(url).host;
  }

  private login(url: string): Promise<Credentials | undefined> {
    const host = this.loginHost(url);
    let p = this.logins.get(host);
    if (!p) this.logins.set(host, (p = this.opts.credentials?.get(host) ?? Promise.resolve(undefined)));
    return p;
  }

  private unauthorized(url: string, hadLogin: boolean): SignetError {
    const host = this.loginHost(url);
    const why = hadLogin ? `the credentials for ${host} were not accepted` : `no credentials for ${host}`;
    return new SignetError('HTTP_UNAUTHORIZED', `${displayUrl(url)} requires authentication: ${why}`, {
      hint: LOGIN_HINT(host),
    });
  }

  /** Refuses to send a secret over plain HTTP except to loopback (test token servers). */
  private assertSafe(url: string): void {
    const u = new URL(url);
    if (u.protocol !== 'https:' && !isLoopback(u.hostname)) {
      throw new SignetError('HTTP_INSECURE', `refusing to send credentials to ${displayUrl(url)} over plain HTTP`, {
        hint: 'use an https:// server or token realm',
      });
    }
  }

  private async authorization(
    url: string,
    c: Challenge,
    scope: string | undefined,
    fresh: boolean,
  ): Promise<string | undefined> {
    const login = await this.login(url);
    if (c.scheme === 'basic') {
      if (!login || !('username' in login)) return undefined;
      this.assertSafe(url);
      return `Basic ${toBase64(utf8(`${login.username}:${login.password}`))}`;
    }
    const realm = c.params['realm']!;
    const service = c.params['service'] ?? '';
    const sc = scope ?? c.params['scope'] ?? '';
    const key = `${realm}\n${service}\n${sc}`;
    const now = (this.opts.now ?? Date.now)();
    const cached = this.tokens.get(key);
    if (!fresh && cached && cached.expiresAt > now) return `Bearer ${cached.token}`;
    const t = await this.fetchToken(url, realm, service, sc, login, now);
    this.tokens.set(key, t);
    return `Bearer ${t.token}`;
  }

  private async fetchToken(
    url: string,
    realm: string,
    service: string,
    scope: string,
    login: Credentials | undefined,
    now: number,
  ) {
    const clientId = this.opts.clientId ?? 'signet';
    const timeoutMs = this.opts.tokenTimeoutMs ?? 30_000;
    let req: HttpRequest;
    if (login && 'identityToken' in login) {
      this.assertSafe(realm);
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: login.identityToken,
        service,
        client_id: clientId,
      });
      if (scope) form.set('scope', scope);
      const headers = { 'content-type': 'application/x-www-form-urlencoded' };
      req = { method: 'POST', url: realm, headers, body: utf8(form.toString()), timeoutMs };
    } else {
      const u = new URL(realm);
      if (service) u.searchParams.set('service', service);
      if (scope) u.searchParams.set('scope', scope);
      const headers: Record<string, string> = {};
      if (login) {
        this.assertSafe(realm);
        u.searchParams.set('account', login.username);
        headers['authorization'] = `Basic ${toBase64(utf8(`${login.username}:${login.password}`))}`;
      }
      req = { method: 'GET', url: u.toString(), headers, timeoutMs };
    }
    const res = await this.transport.request({ ...req, maxBytes: 1 << 20 });
    if (res.status === 401 || res.status === 403) throw this.unauthorized(url, login !== undefined);
    expectOk(res, realm, { action: 'getting a token', loginHost: this.loginHost(url) });
    let body: { token?: unknown; access_token?: unknown; expires_in?: unknown; issued_at?: unknown };
    try {
      body = JSON.parse(new TextDecoder().decode(res.body)) ?? {};
    } catch {
      body = {};
    }
    const token = typeof body.token === 'string' && body.token ? body.token : body.access_token;
    if (typeof token !== 'string' || !token) {
      throw new SignetError('HTTP_SERVER_ERROR', `token server ${displayUrl(realm)} answered without a token`);
    }
    const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 60 ? body.expires_in : 60;
    const issued = typeof body.issued_at === 'string' ? Date.parse(body.issued_at) : NaN;
    return { token, expiresAt: (Number.isNaN(issued) ? now : issued) + expiresIn * 1000 };
  }
}
