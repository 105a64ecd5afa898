import { SignetError, isSignetError } from '../errors.js';
import { updateRepository, type TrustedRepository } from '../notary/tuf-client.js';
import { parseImageReference, type ImageReference } from '../registry/reference.js';
import { RegistryClient } from '../registry/registry-client.js';
import type { Change, ChangeStore, StagedChange } from '../trust/changelist.js';
import type { InitResult } from '../trust/initialize.js';
import { heldKeyIds, keySignerLookup } from '../trust/key-signers.js';
import { publishChanges, type PublishResult, type PublishStep } from '../trust/publish.js';
import type { RepositoryConnection, TrustContext } from './context.js';

/** Everything a write needs for one repository. */
export interface WriteSession {
  conn: RepositoryConnection;
  changes: ChangeStore;
  /** The verified repository, or undefined when the server has none yet. */
  repo: TrustedRepository | undefined;
  held: Set<string>;
  /** When `repo` was verified with the server (ctx.now()); publish starts from it while it is recent. */
  verifiedAt?: number;
}

/**
 * How long after open() (or the last publish) a session's verified repository is used as the
 * starting point of a publish instead of fetching and verifying it again: long enough for one CLI
 * command, short enough that an app session left open re-reads the server. A conflict still
 * refreshes (publish.ts), so this only bounds how stale a first attempt may be.
 */
const REUSE_VERIFIED_MS = 30_000;

/** Opens repositories for writing, stages changes and publishes them once, over a {@link TrustContext}. */
export class TrustWriter {
  constructor(readonly ctx: TrustContext) {}

  get keys(): TrustContext['keys'] {
    return this.ctx.keys;
  }

  now(): Date {
    return this.ctx.now();
  }

  /** Opens a repository for writing: fresh, verified metadata (never cached data) and held keys. */
  async open(input: string | ImageReference): Promise<WriteSession> {
    const ref = typeof input === 'string' ? parseImageReference(input) : input;
    const conn = await this.ctx.connect(ref);
    const changes = this.ctx.changes(ref.gun);
    const held = await heldKeyIds(this.keys);
    let repo: TrustedRepository | undefined;
    try {
      repo = await updateRepository({
        gun: ref.gun,
        remote: conn.remote,
        cache: conn.cache,
        crypto: this.ctx.crypto,
        offline: 'never',
        now: this.now(),
        ...(conn.pinning ? { pinning: conn.pinning } : {}),
        ...(conn.observe ? { observe: conn.observe } : {}),
      });
    } catch (e) {
      if (!isSignetError(e, 'NOTARY_NOT_INITIALIZED')) throw e;
    }
    return { conn, changes, repo, held, verifiedAt: this.now().getTime() };
  }

  registry(session: WriteSession): RegistryClient {
    return new RegistryClient(session.conn.client, { crypto: this.ctx.crypto });
  }

  /** Stages changes; they stay staged until published or discarded. */
  async stage(session: WriteSession, changes: Change[]): Promise<StagedChange[]> {
    const out: StagedChange[] = [];
    for (const c of changes) out.push(await session.changes.add(c));
    return out;
  }

  /** The first metadata of a new repository (docker's layout: server-managed snapshot). */
  async initial(
    session: WriteSession,
    opts: { rootKeyId?: string; newRootKey?: boolean; snapshot?: 'server' | 'local' } = {},
  ): Promise<InitResult> {
    // loaded on demand: root certificates (root-cert.ts) pull in @noble/curves, which signing an
    // existing repository does not need
    const { initialRepository } = await import('../trust/initialize.js');
    return initialRepository({
      gun: session.conn.ref.gun,
      remote: session.conn.remote,
      keys: this.keys,
      crypto: this.ctx.crypto,
      now: this.now(),
      ...opts,
    });
  }

  /** Publishes everything staged for the repository, creating it from `init` when the server has none. */
  async publish(session: WriteSession, init?: InitResult): Promise<PublishResult> {
    const gun = session.conn.ref.gun;
    if (!session.repo && !init) {
      throw new SignetError('NOTARY_NOT_INITIALIZED', `${gun} has no trust data yet`, {
        hint: 'Initialize it first (signet init), or sign a tag, which initializes it.',
      });
    }
    const recent =
      session.repo !== undefined &&
      session.verifiedAt !== undefined &&
      this.now().getTime() - session.verifiedAt <= REUSE_VERIFIED_MS;
    const progress = this.ctx.progress;
    const result = await publishChanges(
      {
        gun,
        remote: session.conn.remote,
        cache: session.conn.cache,
        crypto: this.ctx.crypto,
        signers: keySignerLookup(this.keys, this.ctx.crypto),
        changes: session.changes,
        now: () => this.now(),
        ...(session.conn.pinning ? { pinning: session.conn.pinning } : {}),
        ...(session.conn.observe ? { observe: session.conn.observe } : {}),
        ...(progress ? { progress: (step: PublishStep) => progress(step, gun) } : {}),
      },
      init ? async () => structuredClone(init.repo) : undefined,
      // the session's repository was verified moments ago: no second fetch before signing
      recent ? { current: session.repo } : {},
    );
    session.repo = result.repo;
    session.verifiedAt = this.now().getTime();
    return result;
  }
}
