/**
 * Guard: Signet writes files only through core/node/files.ts writeFileAtomic (temp file, fsync,
 * rename, fsync of the directory). Any other file-writing call in core, cli or the app's main
 * process fails here, unless listed below with the reason it is not a whole-file write.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const WRITES =
  /\b(writeFile|writeFileSync|appendFile|appendFileSync|createWriteStream|copyFile|copyFileSync|rename|renameSync|cp|cpSync)\s*\(|\bopen(Sync)?\([^)]*['"](w|wx|a|ax|r\+|w\+|a\+)['"]/;

/** file: the one call it may make, and why. */
const ALLOWED: Record<string, RegExp> = {
  'core/node/files.ts': /./, // the atomic write itself
  // the index is a journal: lines are only ever appended (a torn last line is skipped on read)
  'core/node/file-version-store.ts': /\bappendFile\(/,
  // the launcher's V8 code cache: plain JS that runs before any of Signet's modules load; a cache
  // file is checked by its key on read (V8 also rejects damaged data) and rebuilt, never trusted
  'cli/bin/run-bundle.js': /\b(writeFileSync\(tmp,|renameSync\(tmp,)/,
  // a settings file that cannot be read is moved aside (renamed), never rewritten
  'electron/main/settings.ts': /\brename\(this\.file, keptAs\)/,
};

function sources(dir: string): string[] {
  return readdirSync(join(REPO, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mts|js|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => relative(REPO, join(e.parentPath, e.name)));
}

test('every file Signet writes goes through writeFileAtomic', () => {
  const offenders: string[] = [];
  for (const file of [...sources('core'), ...sources('cli'), ...sources('electron/main')]) {
    readFileSync(join(REPO, file), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (/^\s*(\/\/|\*)/.test(line) || !WRITES.test(line)) return;
        if (ALLOWED[file]?.test(line)) return;
        offenders.push(`${file}:${i + 1}: ${line.trim()}`);
      });
  }
  assert.deepEqual(offenders, []);
});
