import type * as Electron from 'electron';
import { APP_SCHEME } from './security.js';

/**
 * Must run before app 'ready': app:// is a standard, secure origin with fetch support. The entry
 * (index.ts) calls it first thing, importing nothing else: the rest of the main process loads as
 * ES modules, asynchronously (a top-level await in the graph), and 'ready' may come in between.
 */
export function registerScheme(protocol: Pick<typeof Electron.protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}
