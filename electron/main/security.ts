/**
 * What the app loads and from where. The renderer is served from a custom `app://signet/` protocol
 * rather than file://: it gives the page a real, unique origin (file:// pages share one opaque
 * origin with every file on disk), so the IPC sender check, the CSP's 'self' and the navigation
 * guard can all compare against exactly `app://signet`; and only files under the renderer folder
 * can be served (no path escapes), with our CSP header on every response.
 */
import { extname, normalize, relative, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'signet';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

/**
 * The Content-Security-Policy for the app's own content (also the renderer's index.html meta tag).
 * No remote code, no inline script, no eval, no plugins, no framing; styles may be inline (React
 * style attributes); images from the app and data: URLs (icons).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
].join('; ');

/**
 * The same policy for the renderer's index.html `<meta http-equiv="Content-Security-Policy">`:
 * frame-ancestors cannot be delivered by a meta tag (browsers ignore it there and log an error),
 * so it is left out; the header sent with every app:// response still carries it.
 */
export const META_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.split('; ')
  .filter((d) => !d.startsWith('frame-ancestors'))
  .join('; ');

/**
 * True when `url` is on `origin` (scheme + host + port). Compared by parts, because WHATWG URL
 * gives `origin === 'null'` for schemes it does not know, such as app:.
 */
export function sameOrigin(url: string, origin: string): boolean {
  try {
    const u = new URL(url);
    const o = new URL(origin);
    return u.protocol === o.protocol && u.host === o.host && u.host !== '';
  } catch {
    return false;
  }
}

/** True for URLs of the app's own content. */
export function isAppUrl(url: string): boolean {
  return sameOrigin(url, APP_ORIGIN);
}

/** Response headers with our CSP added (replacing any the response had). */
export function withCsp(headers: Record<string, string[] | string> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers ?? {}))
    if (k.toLowerCase() !== 'content-security-policy') out[k] = Array.isArray(v) ? v : [v];
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  out['X-Content-Type-Options'] = ['nosniff'];
  return out;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export function contentType(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `root` that an app:// (or harness) URL path names, or undefined when the path
 * escapes the root or is malformed. `/` serves index.html.
 */
export function resolveAppFile(root: string, urlPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split(/[?#]/)[0] ?? '/');
  } catch {
    return undefined;
  }
  if (path.includes('\0')) return undefined;
  if (path === '' || path === '/') path = '/index.html';
  const base = resolve(root);
  const file = resolve(base, normalize(`.${path.startsWith('/') ? path : `/${path}`}`));
  const rel = relative(base, file);
  if (rel === '' || rel.startsWith('..') || rel.split(sep).includes('..')) return undefined;
  return file;
}
