/**
 * Files chosen in main's dialogs, handed to the renderer as opaque handles. A handle is bound to
 * the direction (save or open) and the purpose it was chosen for, expires after a few minutes, and
 * is used once: it is spent when the request naming it succeeds (a failed export can be retried
 * with the same choice). What the dialog returned is checked when it is chosen and again when it
 * is used (files.ts): a local absolute path, no UNC share, a regular file under the purpose's cap
 * to read, no silent overwrite to write.
 */
import { randomBytes } from 'node:crypto';
import { SignetError } from '../../core/errors.js';
import type { ChosenFileDTO, OpenPurpose, SavePurpose } from '../ipc/contract.js';
import type { NativeDialogs } from './dialogs.js';
import { OPEN_RULES, SAVE_RULES, checkOpenTarget, checkSaveTarget, displayName } from './files.js';

export interface ChosenFile {
  path: string;
  name: string;
  /** Saves: a file is there and the dialog confirmed replacing it. */
  replace: boolean;
}

type Choice = ChosenFile & { mode: 'save' | 'open'; purpose: SavePurpose | OpenPurpose; at: number; busy: boolean };

export const HANDLE_LIFETIME_MS = 10 * 60_000;
/** Choices kept at once; the oldest go first. */
const MAX_CHOICES = 64;

const stale = (): SignetError =>
  new SignetError('BAD_INPUT', 'the file chosen for this is no longer available (a choice is used once and expires)', {
    hint: 'choose the file again',
  });

export interface FileChoicesOptions {
  now?: () => number;
  newHandle?: () => string;
}

export class FileChoices {
  private readonly choices = new Map<string, Choice>();
  private readonly now: () => number;
  private readonly newHandle: () => string;

  constructor(
    private readonly dialogs: NativeDialogs,
    opts: FileChoicesOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.newHandle = opts.newHandle ?? (() => randomBytes(16).toString('hex'));
  }

  /** Shows the save dialog; null when cancelled. A file that is there is taken only if the dialog confirmed replacing it. */
  async chooseSave(purpose: SavePurpose, suggestedName: string | undefined): Promise<ChosenFileDTO | null> {
    const rules = SAVE_RULES[purpose];
    const defaultName = suggestedName ?? `signet.${rules.filters[0]?.extensions[0] ?? 'txt'}`;
    const answer = await this.dialogs.save({ purpose, title: rules.title, defaultName, filters: rules.filters });
    if (!answer) return null;
    const { exists } = await checkSaveTarget(answer.path, purpose);
    const name = displayName(answer.path);
    if (exists && !answer.replaceConfirmed)
      throw new SignetError('BAD_INPUT', `${name} is there already and replacing it was not confirmed`, {
        hint: 'choose another file name, or confirm replacing it in the dialog',
      });
    const handle = this.issue({ path: answer.path, name, replace: exists, mode: 'save', purpose });
    return { handle, name, ...(exists ? { replaces: true } : {}) };
  }

  /** Shows the open dialog; every file chosen is checked; empty when cancelled. */
  async chooseOpen(purpose: OpenPurpose): Promise<ChosenFileDTO[]> {
    const rules = OPEN_RULES[purpose];
    const paths = await this.dialogs.open({
      purpose,
      title: rules.title,
      filters: rules.filters,
      directory: rules.directory === true,
      multiple: rules.multiple === true,
      ...(rules.createDirectory ? { createDirectory: true } : {}),
    });
    const chosen = rules.multiple ? paths : paths.slice(0, 1);
    for (const p of chosen) await checkOpenTarget(p, purpose);
    return chosen.map((path) => {
      const name = displayName(path);
      return { handle: this.issue({ path, name, replace: false, mode: 'open', purpose }), name };
    });
  }

  /** Runs `fn` with the file a save handle names (checked again); the handle is spent when `fn` succeeds. */
  useSave<T>(handle: string, purpose: SavePurpose, fn: (file: ChosenFile) => Promise<T>): Promise<T> {
    return this.use(handle, 'save', purpose, async (c) => {
      const { exists } = await checkSaveTarget(c.path, purpose);
      if (exists && !c.replace)
        throw new SignetError('BAD_INPUT', `${c.name} appeared after it was chosen; it is not replaced unasked`, {
          hint: 'choose the file again (the dialog asks before replacing it)',
        });
      return fn(c);
    });
  }

  /** Runs `fn` with the file an open handle names (checked again); the handle is spent when `fn` succeeds. */
  useOpen<T>(handle: string, purpose: OpenPurpose, fn: (file: ChosenFile) => Promise<T>): Promise<T> {
    return this.use(handle, 'open', purpose, async (c) => {
      await checkOpenTarget(c.path, purpose);
      return fn(c);
    });
  }

  /** Several open handles at once (public keys): all spent when `fn` succeeds. */
  async useOpenAll<T>(handles: string[], purpose: OpenPurpose, fn: (files: ChosenFile[]) => Promise<T>): Promise<T> {
    const run = (i: number, acc: ChosenFile[]): Promise<T> =>
      i === handles.length ? fn(acc) : this.useOpen(handles[i]!, purpose, (f) => run(i + 1, [...acc, f]));
    return run(0, []);
  }

  private issue(c: Omit<Choice, 'at' | 'busy'>): string {
    this.sweep();
    while (this.choices.size >= MAX_CHOICES) this.choices.delete(this.choices.keys().next().value!);
    const handle = this.newHandle();
    this.choices.set(handle, { ...c, at: this.now(), busy: false });
    return handle;
  }

  private sweep(): void {
    const now = this.now();
    for (const [h, c] of this.choices) if (now - c.at > HANDLE_LIFETIME_MS && !c.busy) this.choices.delete(h);
  }

  private async use<T>(
    handle: string,
    mode: 'save' | 'open',
    purpose: SavePurpose | OpenPurpose,
    fn: (file: ChosenFile) => Promise<T>,
  ): Promise<T> {
    this.sweep();
    const c = this.choices.get(handle);
    if (!c || c.busy) throw stale();
    if (c.mode !== mode || c.purpose !== purpose)
      throw new SignetError('BAD_INPUT', `${c.name} was chosen for another use (${c.mode} ${c.purpose})`, {
        hint: 'choose the file again for this',
      });
    c.busy = true;
    try {
      const out = await fn({ path: c.path, name: c.name, replace: c.replace });
      this.choices.delete(handle);
      return out;
    } finally {
      c.busy = false;
    }
  }
}
