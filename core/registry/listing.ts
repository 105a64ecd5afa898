import { SignetError } from '../errors.js';
import type { AuthenticatingClient } from '../http/auth.js';
import { parseServerErrors, statusToError } from '../http/status.js';
import type { HttpResponse } from '../http/transport.js';
import type { ImageReference } from './reference.js';

/**
 * Paginated listings of the Registry v2 API: the catalog (`GET /v2/_catalog`) and a repository's
 * tags (`GET /v2/<name>/tags/list`). Pages are requested with `n`; the next page is the `Link:
 * <…>; rel="next"` URL, or, when a registry sends a full page but no Link, `last=<last item>`
 * (distribution's own rule), until a page is short or brings nothing new.
 */
export interface ListOptions {
  /** Items per page asked for with `n` (default 1000). */
  pageSize?: number;
  timeoutMs?: number;
  /** Stops after this many pages (default 100 000), so a looping registry cannot hold an audit forever. */
  maxPages?: number;
}

const SMALL_PAGE = 100;

function isPageSizeRefused(res: HttpResponse): boolean {
  return parseServerErrors(res.body).some((e) => e.code === 'PAGINATION_NUMBER_INVALID');
}

/** The token scope for the catalog (docker/distribution token auth). */
export const CATALOG_SCOPE = 'registry:catalog:*';

/** The URL of a `Link` header's `rel="next"` entry, resolved against the request URL; undefined without one. */
export function nextLink(link: string | undefined, requestUrl: string): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!m) continue;
    const rel = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(m[2]!);
    if (rel && rel[1]!.split(/\s+/).includes('next')) {
      try {
        return new URL(m[1]!, requestUrl).toString();
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function withParams(url: string, params: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

/** Reads `field` (an array of strings, or null for none) from a JSON page. */
function pageItems(body: Uint8Array, field: 'repositories' | 'tags', url: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(body));
  } catch {
    parsed = undefined;
  }
  const list = (parsed as Record<string, unknown> | null | undefined)?.[field];
  if (list === null) return [];
  if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) {
    throw new SignetError('HTTP_SERVER_ERROR', `${new URL(url).origin} sent a ${field} list that is not valid JSON`, {
      hint: 'check that the address names a Docker registry (Registry v2 API)',
    });
  }
  return list as string[];
}

/** Every item of a paginated list; `fail` maps a non-2xx first/next page to an error (default statusToError). */
export async function listAllPages(
  client: AuthenticatingClient,
  firstUrl: string,
  field: 'repositories' | 'tags',
  scope: string,
  opts: ListOptions = {},
  fail?: (res: HttpResponse, url: string) => SignetError | undefined,
): Promise<string[]> {
  const n = opts.pageSize ?? 1000;
  const maxPages = opts.maxPages ?? 100_000;
  const out: string[] = [];
  const seen = new Set<string>();
  let url: string | undefined = withParams(firstUrl, { n: String(n) });
  const visited = new Set<string>();
  for (let page = 0; url !== undefined; page++) {
    if (page >= maxPages || visited.has(url)) {
      throw new SignetError('HTTP_SERVER_ERROR', `${new URL(firstUrl).origin} keeps sending more ${field} pages`, {
        hint: 'the registry pagination loops; ask its operator',
      });
    }
    visited.add(url);
    const req = { method: 'GET' as const, url, headers: { accept: 'application/json' }, maxBytes: 64 << 20 };
    const res = await client.request(opts.timeoutMs ? { ...req, timeoutMs: opts.timeoutMs } : req, scope);
    if (res.status === 400 && page === 0 && n > SMALL_PAGE && isPageSizeRefused(res)) {
      // a registry whose page limit is below `n` (distribution: PAGINATION_NUMBER_INVALID): smaller pages
      return listAllPages(client, firstUrl, field, scope, { ...opts, pageSize: SMALL_PAGE }, fail);
    }
    if (res.status < 200 || res.status >= 300) throw fail?.(res, url) ?? statusToError(res, url);
    const items = pageItems(res.body, field, url);
    let fresh = 0;
    for (const item of items) {
      if (seen.has(item)) continue;
      seen.add(item);
      out.push(item);
      fresh++;
    }
    const link = nextLink(res.headers['link'], url);
    if (link !== undefined) url = link;
    else if (items.length >= n && fresh > 0) url = withParams(url, { n: String(n), last: items[items.length - 1]! });
    else url = undefined;
  }
  return out;
}

/** Every tag of a repository (`tags/list`, all pages); undefined when the registry has no such repository. */
export async function listTags(
  client: AuthenticatingClient,
  base: string,
  ref: ImageReference,
  opts: ListOptions,
): Promise<string[] | undefined> {
  const first = `${base}/v2/${ref.path}/tags/list`;
  try {
    // the pull scope, as RegistryClient's pullScope
    return await listAllPages(client, first, 'tags', `repository:${ref.path}:pull`, opts, (res, url) =>
      statusToError(res, url, { action: `listing the tags of ${ref.gun}`, loginHost: ref.domain }),
    );
  } catch (e) {
    if (e instanceof SignetError && e.code === 'HTTP_NOT_FOUND') return undefined;
    throw e;
  }
}

/**
 * A registry's repositories from its catalog (all pages), as paths (`team/app`). A registry that
 * has no catalog or refuses it (404, 405, 401, 403) gives one error that says to name repositories.
 */
export async function listCatalog(
  client: AuthenticatingClient,
  base: string,
  domain: string,
  opts: ListOptions,
): Promise<string[]> {
  const noCatalog = (why: string, code: 'HTTP_NOT_FOUND' | 'HTTP_UNAUTHORIZED'): SignetError =>
    new SignetError(code, `registry ${domain} does not list its repositories (${why})`, {
      hint: `name its repositories instead, e.g. signet audit ${domain}/team/app${code === 'HTTP_UNAUTHORIZED' ? `, or log in with \`docker login ${domain}\` as a user allowed to read the catalog` : ''}`,
    });
  try {
    return await listAllPages(client, `${base}/v2/_catalog`, 'repositories', CATALOG_SCOPE, opts, ({ status }) =>
      [401, 403].includes(status)
        ? noCatalog(`the catalog answered ${status}`, 'HTTP_UNAUTHORIZED')
        : [404, 405].includes(status)
          ? noCatalog(`the catalog answered ${status}`, 'HTTP_NOT_FOUND')
          : undefined,
    );
  } catch (e) {
    if (e instanceof SignetError && (e.code === 'HTTP_UNAUTHORIZED' || e.code === 'HTTP_FORBIDDEN'))
      throw e.message.startsWith(`registry ${domain} does not list`) ? e : noCatalog(e.message, 'HTTP_UNAUTHORIZED');
    throw e;
  }
}
