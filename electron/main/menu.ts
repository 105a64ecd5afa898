/** The native application menu: the platform's usual roles, with their standard keyboard shortcuts. */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  /** Asks the renderer to reload the current repository's trust data (Cmd/Ctrl+R is the page reload role in dev only). */
  about?: () => void;
  openHelp?: () => void;
}

export function menuTemplate(
  platform: NodeJS.Platform,
  opts: { dev: boolean; actions?: MenuActions },
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (mac) template.push({ role: 'appMenu' }); // About, Services, Hide (Cmd+H), Hide Others, Quit (Cmd+Q)
  template.push(
    { role: 'fileMenu' }, // Close Window (Cmd+W) on macOS, Quit (Ctrl+Q) elsewhere
    { role: 'editMenu' }, // Undo, Redo, Cut, Copy, Paste, Select All: needed in text fields
    {
      label: 'View',
      submenu: [
        ...(opts.dev
          ? ([
              { role: 'reload' },
              { role: 'forceReload' },
              { role: 'toggleDevTools' },
              { type: 'separator' },
            ] as MenuItemConstructorOptions[])
          : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' }, // Minimize (Cmd/Ctrl+M), Zoom / Close
    {
      role: 'help',
      submenu: [
        ...(!mac && opts.actions?.about ? [{ label: 'About Signet', click: opts.actions.about }] : []),
        ...(opts.actions?.openHelp
          ? [{ label: 'Docker Content Trust documentation', click: opts.actions.openHelp }]
          : []),
      ],
    },
  );
  return template;
}
