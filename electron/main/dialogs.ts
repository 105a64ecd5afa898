/**
 * The dialogs main shows itself: file save/open and a confirmation. In the app they are Electron's
 * native dialogs, parented to the window; the browser harness stands in with a chooser of its own
 * (electron/harness/chooser.ts). Either way main checks what comes back (file-choices.ts).
 */
import type { BrowserWindow, Dialog } from 'electron';
import { join } from 'node:path';
import type { OpenPurpose, SavePurpose } from '../ipc/contract.js';
import type { DialogFilter } from './files.js';

export interface SaveDialogRequest {
  purpose: SavePurpose;
  title: string;
  /** A file name, no folder. */
  defaultName: string;
  filters: DialogFilter[];
}

export interface OpenDialogRequest {
  purpose: OpenPurpose;
  title: string;
  filters: DialogFilter[];
  directory: boolean;
  multiple: boolean;
  /** A folder to write into: the dialog offers to create one. */
  createDirectory?: boolean;
}

export interface ConfirmRequest {
  title: string;
  message: string;
  detail: string;
  /** The confirming button's label (the other one cancels, and is the default). */
  confirmLabel: string;
}

export interface SaveAnswer {
  path: string;
  /** The dialog itself confirmed replacing a file that is there. */
  replaceConfirmed: boolean;
}

export interface NativeDialogs {
  /** The path to save to, or undefined when cancelled. */
  save(req: SaveDialogRequest): Promise<SaveAnswer | undefined>;
  /** The chosen paths; empty when cancelled. */
  open(req: OpenDialogRequest): Promise<string[]>;
  /** True only when the user chose the confirming button. */
  confirm(req: ConfirmRequest): Promise<boolean>;
}

/** No dialog can be shown (tests, headless): every choice is cancelled, nothing is confirmed. */
export const noDialogs: NativeDialogs = {
  save: async () => undefined,
  open: async () => [],
  confirm: async () => false,
};

export type ElectronDialog = Pick<Dialog, 'showSaveDialog' | 'showOpenDialog' | 'showMessageBox'>;

/** Electron's native dialogs, modal to `parent()` when there is a window. */
export function electronDialogs(
  dialog: ElectronDialog,
  parent: () => BrowserWindow | undefined,
  documentsDir: () => string,
): NativeDialogs {
  return {
    async save(req) {
      const options = {
        title: req.title,
        defaultPath: join(documentsDir(), req.defaultName),
        filters: req.filters,
        // Linux asks before replacing only when told to; macOS and Windows always ask
        properties: ['showOverwriteConfirmation', 'createDirectory'] as Array<
          'showOverwriteConfirmation' | 'createDirectory'
        >,
      };
      const win = parent();
      const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return r.canceled || !r.filePath ? undefined : { path: r.filePath, replaceConfirmed: true };
    },
    async open(req) {
      const properties: Array<
        'openFile' | 'openDirectory' | 'multiSelections' | 'dontAddToRecent' | 'createDirectory'
      > = [req.directory ? 'openDirectory' : 'openFile', 'dontAddToRecent'];
      if (req.multiple) properties.push('multiSelections');
      // macOS offers "New Folder" only when asked (the GTK and Windows folder pickers always do)
      if (req.createDirectory) properties.push('createDirectory');
      const options = { title: req.title, defaultPath: documentsDir(), filters: req.filters, properties };
      const win = parent();
      const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return r.canceled ? [] : r.filePaths;
    },
    async confirm(req) {
      const options = {
        type: 'warning' as const,
        title: req.title,
        message: req.message,
        detail: req.detail,
        buttons: [req.confirmLabel, 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      };
      const win = parent();
      const r = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
      return r.response === 0;
    },
  };
}
