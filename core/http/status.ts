import { SignetError, type ErrorCode } from '../errors.js';
import { redactUrlCredentials } from './redact.js';
import type { HttpResponse } from './transport.js';

/** One entry of a docker/distribution errcode body: `{"errors":[{code,message,detail}]}`. */
export interface ServerError {
  code: string;
  message: string;
  /** Absent, `{}`, a string or an object (notary INVALID_UPDATE: `{"Name":…,"Error":{"Msg":…}}`). */
  detail?: unknown;
}

/** Parses an errcode body; returns [] when the body is not one (HTML, empty, plain text). */
export function parseServerErrors(body: Uint8Array): ServerError[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(body));
  } catch {
    return [];
  }
  const list = (parsed as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(list)) return [];
  const out: ServerError[] = [];
  for (const e of list) {
    if (e === null || typeof e !== 'object') continue;
    const { code, message, detail } = e as Record<string, unknown>;
    const entry: ServerError = {
      code: typeof code === 'string' ? code : 'UNKNOWN',
      message: typeof message === 'string' ? message : '',
    };
    if (detail !== undefined) entry.detail = detail;
    out.push(entry);
  }
  return out;
}

/** Human text for a detail value; '' when it carries nothing (absent, null, `{}`). */
function describeDetail(detail: unknown): string {
  if (detail === undefined || detail === null) return '';
  if (typeof detail === 'string') return detail;
  if (typeof detail !== 'object') return String(detail);
  const d = detail as Record<string, unknown>;
  // notary validation errors: {"Name":"ErrBadRoot","Error":{"Msg":"..."}}
  const inner = d['Error'] as Record<string, unknown> | undefined;
  const msg = inner && typeof inner === 'object' && typeof inner['Msg'] === 'string' ? inner['Msg'] : undefined;
  if (typeof d['Name'] === 'string') return msg ? `${d['Name']}: ${msg}` : d['Name'];
  if (msg) return msg;
  if (Object.keys(d).length === 0) return '';
  const json = JSON.stringify(detail);
  return json.length > 300 ? `${json.slice(0, 300)}…` : json;
}

/** `CODE: message (detail)` for each server error, joined with `; `. */
export function describeServerErrors(errors: ServerError[]): string {
  return errors
    .map((e) => {
      const detail = describeDetail(e.detail);
      const head = e.message ? `${e.code}: ${e.message}` : e.code;
      return detail ? `${head} (${detail})` : head;
    })
    .join('; ');
}

/** The URL without credentials, query or fragment, so tokens or account names never reach a message. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return redactUrlCredentials(url.split(/[?#]/)[0] ?? url);
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export interface StatusContext {
  /** What was being done, e.g. "fetching root.json"; prefixed to the message. */
  action?: string;
  /** Host whose login the hint names (the registry, when it differs from the URL's host). */
  loginHost?: string;
  /** Code to use for 400 instead of HTTP_BAD_REQUEST (e.g. NOTARY_REJECTED on publish). */
  badRequestCode?: ErrorCode;
}

/**
 * Maps a non-success HTTP response to a coded SignetError (notary storage/httpstore.go
 * translateStatusToError): 401, 403, 404, 400 (with the errcode body), 5xx and anything else.
 */
export function statusToError(res: HttpResponse, url: string, ctx: StatusContext = {}): SignetError {
  const where = displayUrl(url);
  const host = ctx.loginHost ?? hostOf(url);
  const errors = parseServerErrors(res.body);
  const server = errors.length > 0 ? `: ${describeServerErrors(errors)}` : '';
  const prefix = ctx.action ? `${ctx.action}: ` : '';
  const make = (code: ErrorCode, what: string, hint: string): SignetError =>
    new SignetError(code, `${prefix}${where} answered ${res.status} ${what}${server}`, {
      hint,
      cause: { status: res.status, errors },
    });

  switch (true) {
    case res.status === 401:
      return make(
        'HTTP_UNAUTHORIZED',
        'Unauthorized',
        `log in with \`docker login ${host}\` or check the credentials in $DOCKER_CONFIG/config.json`,
      );
    case res.status === 403:
      return make(
        'HTTP_FORBIDDEN',
        'Forbidden',
        `the account logged in to ${host} has no access to this repository; ask its owner for access or log in as another user with \`docker login ${host}\``,
      );
    case res.status === 404:
      return make('HTTP_NOT_FOUND', 'Not Found', `check the repository name and the server URL (${hostOf(url)})`);
    case res.status === 400:
      return make(
        ctx.badRequestCode ?? 'HTTP_BAD_REQUEST',
        'Bad Request',
        'the server refused the request; the server message above says why',
      );
    case res.status >= 500:
      return make(
        'HTTP_SERVER_ERROR',
        'Server Error',
        `the server at ${hostOf(url)} has a problem; try again later or ask its operator`,
      );
    default:
      return make(
        'HTTP_SERVER_ERROR',
        'unexpectedly',
        `check that ${hostOf(url)} is a notary/registry server and the URL is right`,
      );
  }
}

/** Throws the mapped error unless the status is 2xx. */
export function expectOk(res: HttpResponse, url: string, ctx?: StatusContext): HttpResponse {
  if (res.status >= 200 && res.status < 300) return res;
  throw statusToError(res, url, ctx);
}
