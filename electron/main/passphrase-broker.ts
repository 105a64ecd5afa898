/**
 * The passphrase broker: core's PassphraseSource for the desktop app. When core needs a passphrase
 * it sends a `passphrase:request` event (request ID, key ID, role, GUN, new or existing, attempt)
 * to the renderer and waits for `passphrase:answer` / `passphrase:cancel` with the same request ID,
 * or a timeout. A cancel makes get() return undefined (core raises KEY_CANCELLED; nothing is
 * published, changes staged earlier stay staged); a timeout raises KEY_CANCELLED itself.
 *
 * Opt-in "remember in keychain": a passphrase the user asked to remember is stored in the OS
 * keychain under its own service (never in files) and used before asking; if it turns out wrong
 * it is forgotten and the user is asked.
 */
import { randomBytes } from 'node:crypto';
import { SignetError } from '../../core/errors.js';
import type { KeytarLike } from '../../core/node/keychain-key-store.js';
import { MESSAGES } from '../../core/node/passphrase-sources.js';
import {
  MIN_PASSPHRASE_LENGTH,
  type PassphraseRequest,
  type PassphraseSource,
} from '../../core/keystore/passphrase.js';
import type { EmitEvent, PassphraseAnswer, PassphrasePrompt } from '../ipc/contract.js';

/** Keychain service of remembered passphrases (separate from the keys' own service); account = key ID. */
export const PASSPHRASE_SERVICE = 'Signet key passphrases';

/** Remembered passphrases in the OS keychain, through keytar. */
export class RememberedPassphrases {
  constructor(
    private readonly keytar: () => KeytarLike,
    readonly service = PASSPHRASE_SERVICE,
  ) {}

  async get(keyId: string): Promise<string | undefined> {
    return (await this.keytar().getPassword(this.service, keyId)) ?? undefined;
  }

  async set(keyId: string, passphrase: string): Promise<void> {
    await this.keytar().setPassword(this.service, keyId, passphrase);
  }

  async forget(keyId: string): Promise<void> {
    await this.keytar().deletePassword(this.service, keyId);
  }

  /** Key IDs with a remembered passphrase (the secrets are dropped right away). */
  async keyIds(): Promise<Set<string>> {
    return new Set((await this.keytar().findCredentials(this.service)).map((c) => c.account));
  }
}

export interface PassphraseBrokerOptions {
  emit: EmitEvent;
  /** How long to wait for an answer (default 5 minutes). */
  timeoutMs?: number;
  /** Remembered passphrases; absent when no keychain is reachable (the dialog then hides the option). */
  remembered?: RememberedPassphrases;
  /** Where remember/forget failures are reported (never with the passphrase). */
  warn?: (message: string) => void;
  newId?: () => string;
}

interface Pending {
  prompt: PassphrasePrompt;
  resolve: (passphrase: string | undefined) => void;
  reject: (e: unknown) => void;
  timer: ReturnType<typeof setTimeout>;
}

export const DEFAULT_PASSPHRASE_TIMEOUT_MS = 5 * 60_000;

export class PassphraseBroker implements PassphraseSource {
  private readonly pending = new Map<string, Pending>();
  /** Keys for which a remembered passphrase was handed out on attempt 1. */
  private readonly usedRemembered = new Set<string>();
  private readonly timeoutMs: number;
  private readonly newId: () => string;

  constructor(private readonly opts: PassphraseBrokerOptions) {
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_PASSPHRASE_TIMEOUT_MS;
    this.newId = opts.newId ?? (() => randomBytes(12).toString('hex'));
  }

  async get(req: PassphraseRequest): Promise<string | undefined> {
    const remembered = this.opts.remembered;
    // a token's PIN is never remembered, nor answered with the key's remembered passphrase
    if (remembered && req.keyId !== '' && !req.isNew && req.format !== 'pin') {
      if (req.attempt === 1) {
        const p = await remembered.get(req.keyId).catch(() => undefined);
        if (p !== undefined) {
          this.usedRemembered.add(req.keyId);
          return p;
        }
      } else if (this.usedRemembered.delete(req.keyId)) {
        await remembered.forget(req.keyId).catch(() => undefined);
        this.opts.warn?.(
          `The remembered passphrase for key ${req.keyId.slice(0, 7)} was wrong and has been forgotten.`,
        );
      }
    }
    return this.ask(req, true);
  }

  /**
   * A source that always asks the user, never handing out nor forgetting a remembered passphrase
   * (and not offering to remember one): for operations where entering it proves the user knows
   * it, such as exporting the key.
   */
  alwaysAsking(): PassphraseSource {
    return { get: (req) => this.ask(req, false) };
  }

  private ask(req: PassphraseRequest, mayRemember: boolean): Promise<string | undefined> {
    const requestId = this.newId();
    const prompt: PassphrasePrompt = {
      requestId,
      keyId: req.keyId,
      role: req.role,
      ...(req.gun !== undefined ? { gun: req.gun } : {}),
      isNew: req.isNew,
      attempt: req.attempt,
      minLength: req.isNew ? MIN_PASSPHRASE_LENGTH : 1,
      canRemember:
        mayRemember && this.opts.remembered !== undefined && req.keyId !== '' && !req.isNew && req.format !== 'pin',
      ...(req.format === 'pin' ? { pin: { token: req.token ?? '' } } : {}),
      timeoutMs: this.timeoutMs,
    };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!this.pending.delete(requestId)) return;
        this.opts.emit('passphrase:closed', { requestId, reason: 'timeout' });
        reject(
          new SignetError(
            'KEY_CANCELLED',
            `no passphrase was entered for key ${req.keyId.slice(0, 7) || '(being imported)'} within ${Math.round(this.timeoutMs / 1000)} s`,
            {
              hint: 'Run the operation again and answer the passphrase dialog; changes staged by earlier operations were kept.',
            },
          ),
        );
      }, this.timeoutMs);
      this.pending.set(requestId, { prompt, resolve, reject, timer });
      this.opts.emit('passphrase:request', prompt);
    });
  }

  /** The renderer's answer. Unknown or finished request IDs, and too-short new passphrases, are refused. */
  async answer(a: PassphraseAnswer): Promise<void> {
    const p = this.pending.get(a.requestId);
    if (!p)
      throw new SignetError('BAD_INPUT', 'this passphrase request is no longer waiting for an answer', {
        hint: 'it was answered, cancelled or timed out',
      });
    if (a.passphrase.length < p.prompt.minLength)
      throw new SignetError('BAD_INPUT', MESSAGES.tooShort, { hint: `use at least ${p.prompt.minLength} characters` });
    this.settle(a.requestId, 'answered');
    if (a.remember && p.prompt.canRemember && this.opts.remembered) {
      await this.opts.remembered.set(p.prompt.keyId, a.passphrase).catch((e: unknown) => {
        this.opts.warn?.(
          `Could not remember the passphrase in the keychain: ${e instanceof Error ? e.message : String(e)}`,
        );
      });
    }
    p.resolve(a.passphrase);
  }

  /** The user cancelled: the waiting operation gets "no passphrase" and stops (KEY_CANCELLED). */
  cancel(requestId: string): void {
    const p = this.pending.get(requestId);
    if (!p) throw new SignetError('BAD_INPUT', 'this passphrase request is no longer waiting for an answer');
    this.settle(requestId, 'cancelled');
    p.resolve(undefined);
  }

  /** Cancels every waiting request (window closed, app quitting). */
  cancelAll(): void {
    for (const id of [...this.pending.keys()]) this.cancel(id);
  }

  /** Prompts still waiting (for tests and the harness). */
  waiting(): PassphrasePrompt[] {
    return [...this.pending.values()].map((p) => p.prompt);
  }

  private settle(requestId: string, reason: 'answered' | 'cancelled'): void {
    const p = this.pending.get(requestId)!;
    clearTimeout(p.timer);
    this.pending.delete(requestId);
    this.opts.emit('passphrase:closed', { requestId, reason });
  }
}
