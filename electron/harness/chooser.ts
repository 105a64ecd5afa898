/**
 * The browser harness's stand-in for main's native dialogs (no Electron here): answers are queued
 * by tests (in process, or `POST /harness/chooser` with the control token, which the page never
 * sees) and taken in order; without one, a harness started in a terminal asks there, else the
 * dialog counts as cancelled. What it returns goes through the same checks in main as a native
 * dialog's answer (file-choices.ts). Every dialog shown is recorded, for tests to read.
 */
import type {
  ConfirmRequest,
  NativeDialogs,
  OpenDialogRequest,
  SaveAnswer,
  SaveDialogRequest,
} from '../main/dialogs.js';

/** The next file dialog's answer: the chosen paths (a save takes the first), or cancel. */
export type FileAnswer = { paths: string[]; replace?: boolean } | { cancel: true };

export type ShownDialog =
  | ({ kind: 'save' } & SaveDialogRequest)
  | ({ kind: 'open' } & OpenDialogRequest)
  | ({ kind: 'confirm' } & ConfirmRequest);

export interface HarnessChooserOptions {
  /** Asks a question on a terminal and returns the line typed (a harness started by hand). */
  ask?: (question: string) => Promise<string>;
  log?: (message: string) => void;
}

export class HarnessChooser implements NativeDialogs {
  /** Every dialog shown, oldest first. */
  readonly shown: ShownDialog[] = [];
  private readonly files: FileAnswer[] = [];
  private readonly confirms: boolean[] = [];

  constructor(private readonly opts: HarnessChooserOptions = {}) {}

  /** Queues the answer of the next file dialog. */
  chooseNext(answer: FileAnswer): void {
    this.files.push(answer);
  }

  /** Queues the answer of the next confirmation. */
  confirmNext(confirmed: boolean): void {
    this.confirms.push(confirmed);
  }

  async save(req: SaveDialogRequest): Promise<SaveAnswer | undefined> {
    this.shown.push({ kind: 'save', ...req });
    const a =
      this.files.shift() ?? (await this.fromTerminal(`${req.title} (suggested name: ${req.defaultName})`, true));
    if (!a || 'cancel' in a || a.paths.length === 0) return undefined;
    return { path: a.paths[0]!, replaceConfirmed: a.replace === true };
  }

  async open(req: OpenDialogRequest): Promise<string[]> {
    this.shown.push({ kind: 'open', ...req });
    const a = this.files.shift() ?? (await this.fromTerminal(req.title, false));
    return !a || 'cancel' in a ? [] : a.paths;
  }

  async confirm(req: ConfirmRequest): Promise<boolean> {
    this.shown.push({ kind: 'confirm', ...req });
    const queued = this.confirms.shift();
    if (queued !== undefined) return queued;
    if (!this.opts.ask) {
      this.opts.log?.(`harness chooser: "${req.message}" not confirmed (nothing queued)`);
      return false;
    }
    const line = await this.opts.ask(`${req.message}\n${req.detail}\n${req.confirmLabel}? [y/N] `);
    return /^y(es)?$/i.test(line.trim());
  }

  private async fromTerminal(title: string, save: boolean): Promise<FileAnswer | undefined> {
    if (!this.opts.ask) {
      this.opts.log?.(`harness chooser: nothing chosen for "${title}" (queue an answer: POST /harness/chooser)`);
      return undefined;
    }
    const path = (await this.opts.ask(`${title}\nAbsolute path (empty: cancel): `)).trim();
    if (path === '') return { cancel: true };
    if (!save) return { paths: [path] };
    const replace = /^y(es)?$/i.test((await this.opts.ask('Replace it if it is there? [y/N] ')).trim());
    return { paths: [path], replace };
  }
}
