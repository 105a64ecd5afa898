/**
 * `signet key ...`: a drop-in for `docker trust key generate|load` (same messages, files and modes)
 * plus notary-style key management (list, import, export, passwd, remove), over docker's trust dir
 * and, with --keychain, the OS keychain. The subcommands live in ./key/.
 */
export { KEY_USAGE, keyCommand } from './key/index.js';
export { NEW_PASSPHRASE_ENV } from './key/passwd-remove.js';
