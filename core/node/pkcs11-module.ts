/**
 * Which PKCS#11 module Signet loads: `--pkcs11-module PATH`, else SIGNET_PKCS11_MODULE, else the
 * app's setting, else the first of the common modules installed here (YubiKey's libykcs11,
 * OpenSC's opensc-pkcs11, SoftHSM's libsofthsm2). `off` turns tokens off.
 */
import { existsSync } from 'node:fs';

export const PKCS11_MODULE_ENV = 'SIGNET_PKCS11_MODULE';
export const PKCS11_PIN_ENV = 'SIGNET_PKCS11_PIN';

const LINUX_LIBS = [
  '/usr/lib/x86_64-linux-gnu',
  '/usr/lib/aarch64-linux-gnu',
  '/usr/lib64',
  '/usr/lib',
  '/usr/local/lib',
];

/** The common modules, in the order they are tried. */
export function defaultModules(platform: NodeJS.Platform = process.platform): string[] {
  if (platform === 'darwin') {
    return ['/usr/local/lib', '/opt/homebrew/lib']
      .flatMap((d) => [`${d}/libykcs11.dylib`, `${d}/opensc-pkcs11.so`, `${d}/softhsm/libsofthsm2.so`])
      .concat(['/Library/OpenSC/lib/opensc-pkcs11.so']);
  }
  if (platform === 'win32') {
    return [
      'C:\\Program Files\\Yubico\\Yubico PIV Tool\\bin\\libykcs11.dll',
      'C:\\Program Files\\OpenSC Project\\OpenSC\\pkcs11\\opensc-pkcs11.dll',
      'C:\\SoftHSM2\\lib\\softhsm2-x64.dll',
    ];
  }
  return [
    ...LINUX_LIBS.flatMap((d) => [`${d}/libykcs11.so`, `${d}/libykcs11.so.2`]),
    ...LINUX_LIBS.flatMap((d) => [`${d}/opensc-pkcs11.so`, `${d}/pkcs11/opensc-pkcs11.so`]),
    ...LINUX_LIBS.map((d) => `${d}/softhsm/libsofthsm2.so`),
  ];
}

/** The common modules installed here, in the order they are tried. */
export function installedModules(exists: (path: string) => boolean = existsSync): string[] {
  return defaultModules().filter((p) => exists(p));
}

export type ModuleSource = 'flag' | 'env' | 'settings' | 'default';

export interface ModuleChoice {
  path: string;
  source: ModuleSource;
}

/** The module to load, or undefined when none is named and none of the common ones is installed. */
export function choosePkcs11Module(opts: {
  flag?: string | undefined;
  env?: Record<string, string | undefined>;
  settings?: string | undefined;
  exists?: (path: string) => boolean;
  platform?: NodeJS.Platform;
}): ModuleChoice | undefined {
  // `off` anywhere in the chain: no token is used (and no module is loaded)
  if ([opts.flag, opts.env?.[PKCS11_MODULE_ENV], opts.settings].find(Boolean) === 'off') return undefined;
  if (opts.flag) return { path: opts.flag, source: 'flag' };
  const env = opts.env?.[PKCS11_MODULE_ENV];
  if (env) return { path: env, source: 'env' };
  if (opts.settings) return { path: opts.settings, source: 'settings' };
  const exists = opts.exists ?? existsSync;
  const found = defaultModules(opts.platform).find((p) => exists(p));
  return found ? { path: found, source: 'default' } : undefined;
}
