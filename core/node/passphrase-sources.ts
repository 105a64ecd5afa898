import { StringDecoder } from 'node:string_decoder';
import { SignetError } from '../errors.js';
import { MAX_PASSPHRASE_ATTEMPTS, MIN_PASSPHRASE_LENGTH, displayAlias, promptText } from '../keystore/passphrase.js';
import type { PassphraseRequest, PassphraseSource } from '../keystore/passphrase.js';
import { PKCS11_PIN_ENV } from './pkcs11-module.js';

/** docker's variable for root key passphrases. */
export const ROOT_PASSPHRASE_ENV = 'DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE';
/** docker's variable for every other key's passphrase (targets, snapshot, signers, delegation). */
export const REPOSITORY_PASSPHRASE_ENV = 'DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE';
/** notary's warning before a new root key's first prompt (passphrase.go, six lines). */
export const ROOT_KEY_WARNING = `You are about to create a new root signing key passphrase. This passphrase
will be used to protect the most sensitive key in your signing system. Please
choose a long, complex passphrase and be careful to keep the password and the
key file itself secure and backed up. It is highly recommended that you use a
password manager to generate the passphrase and keep it safe. There will be no
way to recover this key. You can find the key in your config directory.`;
/** notary's terminal messages, verbatim. */
export const MESSAGES = {
  tooShort: 'Passphrase is too short. Please use a password manager to generate and store a good random passphrase.',
  mismatch: 'Passphrases do not match. Please retry.',
  incorrect: 'Passphrase incorrect. Please retry.',
  wrongPin: 'Wrong PIN. Please retry.',
} as const;

/** cosign's variable for a cosign key file's password (cosign generate-key-pair, sign, import-key-pair). */
export const COSIGN_PASSWORD_ENV = 'COSIGN_PASSWORD';

/** docker's variable for a role: root keys use the ROOT one, every other role the REPOSITORY one. */
export function passphraseEnvVar(role: string): string {
  return role === 'root' ? ROOT_PASSPHRASE_ENV : REPOSITORY_PASSPHRASE_ENV;
}

/** The variable answering `req`: COSIGN_PASSWORD for a cosign key file, else docker's for its role. */
export function envVarFor(req: PassphraseRequest): string {
  if (req.format === 'pin') return PKCS11_PIN_ENV;
  return req.format === 'cosign' ? COSIGN_PASSWORD_ENV : passphraseEnvVar(req.role);
}

const what = (req: PassphraseRequest): string =>
  req.format === 'pin'
    ? `the token "${req.token ?? ''}"`
    : req.format === 'cosign'
      ? req.keyId
        ? `the cosign copy of key ${req.keyId.slice(0, 7)}`
        : 'the cosign private key'
      : `${req.isNew ? 'new ' : ''}${displayAlias(req.role)} key${req.keyId ? ` with ID ${req.keyId.slice(0, 7)}` : ''}`;

/** A source that may be unable to answer (no variable set, no terminal); {@link ChainedPassphraseSource} picks among them. */
export interface ConditionalPassphraseSource extends PassphraseSource {
  /** Why this source cannot answer `req` now, or undefined if it can. */
  unavailable(req: PassphraseRequest): string | undefined;
  /** When get() returned undefined: an error to raise instead of reporting a cancel. */
  gaveUp?(req: PassphraseRequest): SignetError | undefined;
}

/**
 * docker's environment variables (cli/internal/trust GetPassphraseRetriever): used as given, no
 * length check, and only once: a wrong value is not retried (get() returns undefined on attempt > 1).
 * An empty variable counts as unset, except COSIGN_PASSWORD, which cosign reads when it is set at
 * all (an empty cosign password is a real one; core refuses to write a key with it).
 */
export class EnvPassphraseSource implements ConditionalPassphraseSource {
  constructor(private readonly env: Record<string, string | undefined> = process.env) {}

  private value(req: PassphraseRequest): string | undefined {
    const v = this.env[envVarFor(req)];
    return req.format === 'cosign' ? v : v || undefined;
  }

  async get(req: PassphraseRequest): Promise<string | undefined> {
    return req.attempt > 1 ? undefined : this.value(req);
  }

  unavailable(req: PassphraseRequest): string | undefined {
    return this.value(req) !== undefined ? undefined : `${envVarFor(req)} is not set`;
  }

  gaveUp(req: PassphraseRequest): SignetError | undefined {
    if (req.attempt <= 1) return undefined;
    const name = envVarFor(req);
    if (req.format === 'pin') {
      return new SignetError('TOKEN_PIN_INCORRECT', `wrong PIN for ${what(req)} (from ${name})`, {
        hint: `fix or unset ${name}; the token locks its PIN after a few wrong ones`,
      });
    }
    const word = req.format === 'cosign' ? 'password' : 'passphrase';
    return new SignetError('KEY_WRONG_PASSPHRASE', `wrong ${word} for ${what(req)} (from ${name})`, {
      hint: `fix or unset ${name}`,
    });
  }
}

/** An input stream; a TTY one has setRawMode. */
export type Input = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?(mode: boolean): unknown };

export interface TtyPassphraseSourceOptions {
  /** Default process.stdin; on a TTY it is put in raw mode while reading, so nothing is echoed. */
  input?: Input;
  /** Default process.stderr. Prompts and messages go here; passphrases never do. */
  output?: NodeJS.WritableStream;
  /** Reuse a passphrase for the same role on a first attempt, as docker does (default true). */
  cache?: boolean;
}

/**
 * docker's terminal prompts (notary passphrase.PromptRetrieverWithInOut): exact prompt texts, no echo,
 * input trimmed; new passphrases are asked twice, at least 8 characters, with the root warning first.
 */
export class TtyPassphraseSource implements ConditionalPassphraseSource {
  private readonly input: Input;
  private readonly output: NodeJS.WritableStream;
  private readonly cache: Map<string, string> | undefined;
  private readonly decoder = new StringDecoder('utf8');
  private buffered = '';
  private ended = false;

  constructor(opts: TtyPassphraseSourceOptions = {}) {
    this.input = opts.input ?? process.stdin;
    this.output = opts.output ?? process.stderr;
    this.cache = opts.cache === false ? undefined : new Map();
  }

  unavailable(): string | undefined {
    return this.input.isTTY ? undefined : 'standard input is not a terminal';
  }

  async get(req: PassphraseRequest): Promise<string | undefined> {
    // a cosign password is never reused, nor a role's passphrase for it (a signer may be named "cosign"), nor a PIN
    const cache = req.format === undefined ? this.cache : undefined;
    const cached = req.attempt <= 1 ? cache?.get(req.role) : undefined;
    if (cached !== undefined) return cached;
    if (!req.isNew && req.attempt > 1)
      this.output.write(`${req.format === 'pin' ? MESSAGES.wrongPin : MESSAGES.incorrect}\n`);
    const pass = req.isNew ? await this.askNew(req) : await this.ask(promptText(req));
    if (pass !== undefined) cache?.set(req.role, pass);
    return pass;
  }

  private async askNew(req: PassphraseRequest): Promise<string | undefined> {
    for (let i = 0; i <= MAX_PASSPHRASE_ATTEMPTS; i++) {
      if (i === 0 && req.role === 'root') this.output.write(`${ROOT_KEY_WARNING}\n`);
      const pass = await this.ask(promptText(req));
      if (pass === undefined) return undefined;
      if (pass.length < MIN_PASSPHRASE_LENGTH) {
        this.output.write(`${MESSAGES.tooShort}\n`);
        continue;
      }
      const again = await this.ask(promptText(req, true));
      if (again === undefined || again === pass) return again;
      this.output.write(`${MESSAGES.mismatch}\n`);
    }
    throw new SignetError('KEY_CANCELLED', `Too many attempts: no usable passphrase for ${what(req)}`);
  }

  /** Prints the prompt, reads one line without echo, then ends the prompt line as docker does. */
  private async ask(prompt: string): Promise<string | undefined> {
    this.output.write(prompt);
    const line = await this.readLine();
    this.output.write('\n');
    return line?.trim();
  }

  private readLine(): Promise<string | undefined> {
    const raw = this.input.isTTY === true && typeof this.input.setRawMode === 'function';
    return new Promise((resolve) => {
      const done = (line: string | undefined): void => {
        this.input.removeListener('data', onData);
        this.input.removeListener('end', onEnd);
        if (raw) this.input.setRawMode!(false);
        this.input.pause();
        resolve(line);
      };
      const take = (): boolean => {
        for (let i = 0; i < this.buffered.length; i++) {
          const c = this.buffered[i]!;
          if (c === '\n' || c === '\r') {
            const line = this.buffered.slice(0, i);
            this.buffered = this.buffered.slice(i + (c === '\r' && this.buffered[i + 1] === '\n' ? 2 : 1));
            return (done(line), true);
          }
          if (!raw) continue;
          if (c === '\u0003' || (c === '\u0004' && i === 0)) {
            this.buffered = ''; // Ctrl-C, or Ctrl-D on an empty line: cancel
            return (done(undefined), true);
          }
          if (c === '\u007f' || c === '\b') {
            this.buffered = this.buffered.slice(0, Math.max(0, i - 1)) + this.buffered.slice(i + 1);
            i = Math.max(-1, i - 2);
          }
        }
        return false;
      };
      const onData = (chunk: Buffer | string): void => {
        this.buffered += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
        take();
      };
      const onEnd = (): void => {
        const rest = this.buffered;
        [this.ended, this.buffered] = [true, ''];
        done(rest || undefined);
      };
      if (take()) return;
      if (this.ended) return onEnd();
      if (raw) this.input.setRawMode!(true);
      this.input.on('data', onData);
      this.input.on('end', onEnd);
      this.input.resume();
    });
  }
}

/**
 * The CLI's source: the first source able to answer (normally env, then TTY). With none able, it throws
 * KEY_CANCELLED naming the variable to set; when env gives up after a wrong value, KEY_WRONG_PASSPHRASE.
 */
export class ChainedPassphraseSource implements PassphraseSource {
  constructor(private readonly sources: ConditionalPassphraseSource[]) {}

  async get(req: PassphraseRequest): Promise<string | undefined> {
    const source = this.sources.find((s) => s.unavailable(req) === undefined);
    if (source) {
      const pass = await source.get(req);
      const gaveUp = pass === undefined ? source.gaveUp?.(req) : undefined;
      if (gaveUp) throw gaveUp;
      return pass;
    }
    const reasons = this.sources.map((s) => s.unavailable(req)).join(' and ');
    const word = req.format === 'cosign' ? 'password' : req.format === 'pin' ? 'PIN' : 'passphrase';
    throw new SignetError('KEY_CANCELLED', `cannot ask for the ${word} for ${what(req)}: ${reasons}`, {
      hint: `set ${envVarFor(req)}, or run in a terminal to be prompted`,
    });
  }
}
