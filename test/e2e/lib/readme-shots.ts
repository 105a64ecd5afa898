/**
 * The README's pictures of the app (docs/screenshots/), written by the e2e suite so they stay
 * current. A run differs from the last in ports (and so the order of the sidebar's two registries),
 * key IDs and times; a picture is replaced only when more than REPLACE_ABOVE of its pixels changed
 * (the screen itself changed), so the committed files do not churn on every run.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export const README_SHOTS = join(import.meta.dirname, '../../../docs/screenshots');
const REPLACE_ABOVE = 0.06;
const SIZE = { width: 1400, height: 900 };

/** The share of pixels that differ between two PNGs (1 when their sizes differ), decoded by the browser. */
async function pixelsChanged(page: Page, a: Buffer, b: Buffer): Promise<number> {
  const scratch = await page.context().newPage();
  try {
    // in the page (the test build has no DOM types): both decoded, RGB compared pixel by pixel
    const fn = `async ([x, y]) => {
      const load = async (b64) => {
        const img = await createImageBitmap(await (await fetch('data:image/png;base64,' + b64)).blob());
        const c = new OffscreenCanvas(img.width, img.height);
        const g = c.getContext('2d');
        g.drawImage(img, 0, 0);
        return g.getImageData(0, 0, img.width, img.height);
      };
      const p = await load(x), q = await load(y);
      if (p.width !== q.width || p.height !== q.height) return 1;
      let changed = 0;
      for (let i = 0; i < p.data.length; i += 4)
        if (p.data[i] !== q.data[i] || p.data[i + 1] !== q.data[i + 1] || p.data[i + 2] !== q.data[i + 2]) changed++;
      return changed / (p.width * p.height);
    }`;
    return (await scratch.evaluate(
      `(${fn})(${JSON.stringify([a.toString('base64'), b.toString('base64')])})`,
    )) as number;
  } finally {
    await scratch.close();
  }
}

/** Takes the README picture `name` (1400×900, light) and keeps or replaces docs/screenshots/<name>.png. */
export async function readmeShot(
  page: Page,
  name: string,
): Promise<{ file: string; replaced: boolean; changed: number }> {
  await page.setViewportSize(SIZE);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
  const shot = await page.screenshot({ fullPage: false });
  mkdirSync(README_SHOTS, { recursive: true });
  const file = join(README_SHOTS, `${name}.png`);
  const changed = existsSync(file) ? await pixelsChanged(page, readFileSync(file), shot) : 1;
  const replaced = changed > REPLACE_ABOVE;
  if (replaced) writeFileSync(file, shot);
  return { file, replaced, changed };
}

/** The README's text (its pictures must be the ones written here). */
export const readme = (): string => readFileSync(join(README_SHOTS, '../../README.md'), 'utf8');
