import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { SignetError } from '../../core/errors.js';
import type { RemoteStore } from '../../core/notary/remote-store.js';
import type { ChangefeedPage } from '../../core/notary/changefeed.js';
import type { PublicKeyJSON, RoleName } from '../../core/tuf/types.js';

export const GOLDEN_DIR = new URL('../fixtures/golden/', import.meta.url).pathname;
/** The golden timestamps expire 2026-12-11; tests pin the clock before that. */
export const GOLDEN_NOW = new Date('2026-11-27T01:00:00Z');

/** Reads a golden repository's role files: role name → exact served bytes. */
export function goldenFiles(repo: string): Map<RoleName, Uint8Array> {
  const dir = join(GOLDEN_DIR, repo, 'metadata');
  const files = new Map<RoleName, Uint8Array>();
  for (const name of ['root', 'targets', 'snapshot', 'timestamp'])
    files.set(name, readFileSync(join(dir, `${name}.json`)));
  if (existsSync(join(dir, 'targets'))) {
    for (const f of readdirSync(join(dir, 'targets')))
      files.set(`targets/${f.replace(/\.json$/, '')}`, readFileSync(join(dir, 'targets', f)));
  }
  return files;
}

export function goldenGun(repo: string): string {
  return readFileSync(join(GOLDEN_DIR, repo, 'GUN'), 'utf8').trim();
}

/**
 * An in-memory notary server for unit tests: serves files by role name, by `<role>.<sha256>` and
 * by `<N>.<role>`, exactly as notary-server routes them. Records every request name.
 */
export class FixtureRemote implements RemoteStore {
  readonly baseUrl = 'https://notary.test';
  readonly requests: string[] = [];
  /** Replace to simulate outages: thrown from every request when set. */
  failWith: SignetError | undefined;
  readonly versions = new Map<string, Uint8Array>();

  constructor(
    readonly gun: string,
    public files: Map<RoleName, Uint8Array>,
  ) {}

  async getMeta(name: string, maxBytes: number): Promise<Uint8Array> {
    this.requests.push(name);
    if (this.failWith) throw this.failWith;
    const bytes = this.lookup(name);
    if (bytes === undefined) throw new SignetError('HTTP_NOT_FOUND', `no ${name}.json`);
    if (bytes.length > maxBytes)
      throw new SignetError('HTTP_TOO_LARGE', `${name}.json is larger than ${maxBytes} bytes`);
    return bytes;
  }

  /** Bytes served for an exact request name, ahead of the repository files (to corrupt one download). */
  readonly overrides = new Map<string, Uint8Array>();

  private lookup(name: string): Uint8Array | undefined {
    const forced = this.overrides.get(name);
    if (forced) return forced;
    const direct = this.files.get(name);
    if (direct) return direct;
    const byVersion = this.versions.get(name);
    if (byVersion) return byVersion;
    const m = /^(.*)\.([0-9a-f]{64})$/.exec(name);
    if (!m) return undefined;
    const bytes = this.files.get(m[1]!);
    return bytes && createHash('sha256').update(bytes).digest('hex') === m[2] ? bytes : undefined;
  }

  async getVersion(role: RoleName, version: number, maxBytes: number): Promise<Uint8Array> {
    return this.getMeta(`${version}.${role}`, maxBytes);
  }

  async getChangefeed(): Promise<ChangefeedPage> {
    this.requests.push('changefeed');
    if (this.failWith) throw this.failWith;
    throw new SignetError('HTTP_NOT_FOUND', 'no changefeed in fixtures');
  }

  async getKey(): Promise<PublicKeyJSON> {
    throw new SignetError('HTTP_NOT_FOUND', 'no keys in fixtures');
  }

  async rotateKey(): Promise<PublicKeyJSON> {
    throw new SignetError('HTTP_NOT_FOUND', 'no keys in fixtures');
  }

  async publish(): Promise<void> {
    throw new SignetError('HTTP_BAD_REQUEST', 'read-only fixture');
  }
}
