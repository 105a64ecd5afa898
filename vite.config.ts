/**
 * Renderer build: renderer/ → dist/renderer (relative asset URLs, so it loads from app://signet/
 * and from the browser harness alike). The index.html CSP meta tag is filled in from the SAME
 * constant the main process sends as a header (electron/main/security.ts).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { CONTENT_SECURITY_POLICY } from './electron/main/security.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

/** `__SIGNET_CSP__` in index.html → the app's Content-Security-Policy (build only: the dev server needs inline HMR code). */
function csp(): Plugin {
  return {
    name: 'signet-csp',
    apply: 'build',
    // frame-ancestors is ignored (with a console error) in a <meta> policy; the header carries it
    transformIndexHtml: (html) =>
      html.replace(
        '__SIGNET_CSP__',
        CONTENT_SECURITY_POLICY.split('; ')
          .filter((d) => !/^(frame-ancestors|report-uri|sandbox)\b/.test(d))
          .join('; '),
      ),
  };
}

export default defineConfig({
  root: resolve(root, 'renderer'),
  base: './',
  plugins: [react(), csp()],
  build: {
    outDir: resolve(root, 'dist/renderer'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // the whole renderer is one small chunk: no runtime-injected preload links to trip the CSP
    modulePreload: false,
  },
  server: { host: '127.0.0.1' },
});
