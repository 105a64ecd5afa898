/**
 * Shared by the renderer e2e tests and the UI benchmark: build dist/renderer when it is missing
 * or older than its sources, start the browser harness (real main-process handlers) for an
 * identity, launch Debian's headless Chromium through playwright-core, and read tables out of
 * the page. The page's code runs as strings (this tsconfig has no DOM types).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { signetConfigDir } from '../../../core/node/signet-config.js';
import { startHarness, type Harness } from '../../../electron/harness/harness.js';
import type { EventChannel, EventChannels } from '../../../electron/ipc/contract.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const RENDERER_DIR = join(ROOT, 'dist', 'renderer');
export const SCREENSHOTS = join(ROOT, 'reports', 'screenshots');

const CHROMIUM = process.env['SIGNET_CHROMIUM'] ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const e of readdirSync(path)) t = Math.max(t, newest(join(path, e)));
  return t;
}

/** `npx vite build` when dist/renderer is missing or older than renderer/ (or what it imports, the build config / CSP). */
export function ensureRendererBuilt(log: (m: string) => void = () => undefined): void {
  const index = join(RENDERER_DIR, 'index.html');
  const sources = Math.max(
    newest(join(ROOT, 'renderer')),
    newest(join(ROOT, 'vite.config.ts')),
    newest(join(ROOT, 'electron', 'main', 'security.ts')),
    // what the renderer imports from core and the IPC layer
    newest(join(ROOT, 'core', 'trust', 'natural-sort.ts')),
    newest(join(ROOT, 'core', 'trust', 'names.ts')),
    newest(join(ROOT, 'core', 'registry', 'reference.ts')),
    newest(join(ROOT, 'core', 'errors.ts')),
    newest(join(ROOT, 'core', 'audit')),
    newest(join(ROOT, 'electron', 'ipc')),
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  log('building the renderer (npx vite build)');
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
    { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
  );
}

export interface Session {
  harness: Harness;
  /** The app's user data folder (settings.json lives here). */
  userDataDir: string;
  browser: Browser;
  page: Page;
  /** Events the main process sent to the page. */
  events: Array<{ event: EventChannel; payload: EventChannels[EventChannel] }>;
  /** Console errors and page errors seen so far. */
  consoleErrors: string[];
  close(): Promise<void>;
}

export interface SessionOptions {
  /** The identity's environment (DOCKER_CONFIG, DOCKER_CONTENT_TRUST_SERVER …). */
  env: Record<string, string | undefined>;
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
  /** Text of settings.json in the user data folder before the app starts (e.g. a broken one). */
  settingsFile?: string;
  /** Where settings.json lives: default a fresh folder; `config-folder`: Signet's config folder from the env's HOME, as the app picks it. */
  settingsIn?: 'fresh' | 'config-folder';
}

export async function startSession(opts: SessionOptions): Promise<Session> {
  ensureRendererBuilt();
  const own = opts.settingsIn !== 'config-folder';
  const userDataDir = own ? mkdtempSync(join(tmpdir(), 'signet-e2e-')) : signetConfigDir(opts.env);
  if (opts.settingsFile !== undefined) {
    mkdirSync(userDataDir, { recursive: true });
    writeFileSync(join(userDataDir, 'settings.json'), opts.settingsFile);
  }
  const events: Session['events'] = [];
  const harness = await startHarness({
    env: opts.env,
    port: 0,
    rendererDir: RENDERER_DIR,
    ...(own ? { userDataDir } : {}),
    keytar: null,
    log: () => undefined,
    onEvent: (event, payload) => events.push({ event, payload }),
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1400, height: 900 },
    colorScheme: opts.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  await page.goto(harness.url);
  return {
    harness,
    userDataDir,
    browser,
    page,
    events,
    consoleErrors,
    async close() {
      await browser.close().catch(() => undefined);
      await harness.close().catch(() => undefined);
      if (own) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** A cell: its text, and the full values of the digests / key IDs it shows shortened. */
export interface Cell {
  text: string;
  ids: string[];
}

/** The rendered rows of the table with this accessible name (caption): header texts and cells. */
export async function readTable(
  page: Page,
  name: string,
): Promise<{ headers: string[]; rows: Cell[][]; rowCount: number }> {
  return page.evaluate(`(() => {
    const table = [...document.querySelectorAll('table')].find((t) => t.caption && t.caption.textContent === ${JSON.stringify(name)});
    if (!table) return { headers: [], rows: [], rowCount: -1 };
    const headers = [...table.querySelectorAll('thead th')].map((th) => th.textContent.replace(/[▲▼]/g, '').trim());
    const rows = [...table.querySelectorAll('tbody tr[data-index]')].map((tr) => [...tr.cells].map((td) => {
      const ids = [...td.querySelectorAll('[data-full]')].map((e) => e.getAttribute('data-full'));
      const clone = td.cloneNode(true);
      clone.querySelectorAll('.sr-only').forEach((e) => e.remove());
      return { text: clone.textContent.trim(), ids };
    }));
    return { headers, rows, rowCount: Number(table.getAttribute('aria-rowcount')) - 1 };
  })()`);
}

/** Runs axe-core in the page (evaluated through CDP, so the page's CSP does not apply). */
export async function axeScan(
  page: Page,
): Promise<Array<{ id: string; impact: string; help: string; nodes: string[] }>> {
  const require = createRequire(import.meta.url);
  const axePath = require.resolve('axe-core/axe.min.js');
  const { readFileSync } = await import('node:fs');
  await page.evaluate(readFileSync(axePath, 'utf8') + '\n;0');
  return page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })))`,
  );
}

/** Polls `expression` in the page until it is truthy (page.waitForFunction with a string needs eval, which the CSP forbids). */
export async function waitForExpression(page: Page, expression: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(expression)) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${expression}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
