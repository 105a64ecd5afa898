/**
 * The shape of core/: folders depend on each other one way only (crypto below tuf, notary below
 * history, ...), and no module imports itself through others, type imports included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = normalize(join(dirname(fileURLToPath(import.meta.url)), '../..'));
const CORE = join(ROOT, 'core');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** file → the core files it imports (relative specifiers, `.js` written for `.ts`). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(CORE)) {
    const text = readFileSync(file, 'utf8');
    const deps = [...text.matchAll(/from\s+'(\.[^']+)'/g)].map((m) =>
      normalize(join(dirname(file), m[1]!)).replace(/\.js$/, '.ts'),
    );
    graph.set(file, deps);
  }
  return graph;
}

const name = (f: string): string => relative(ROOT, f);

test('core folders depend on each other one way only', () => {
  const edges = new Map<string, Set<string>>();
  for (const [file, deps] of importGraph()) {
    for (const dep of deps) {
      const [a, b] = [dirname(file), dirname(dep)];
      if (a === b || b.startsWith(`${a}/`) || a.startsWith(`${b}/`)) continue;
      if (!edges.has(a)) edges.set(a, new Set());
      edges.get(a)!.add(b);
    }
  }
  const both: string[] = [];
  for (const [a, bs] of edges)
    for (const b of bs) if (a < b && edges.get(b)?.has(a)) both.push(`${name(a)} <-> ${name(b)}`);
  assert.deepEqual(both, []);
});

test('no module of core imports itself through others', () => {
  const graph = importGraph();
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string): void => {
    state.set(f, 'open');
    stack.push(f);
    for (const d of graph.get(f) ?? []) {
      if (!graph.has(d)) continue;
      if (state.get(d) === 'open') cycles.push(stack.slice(stack.indexOf(d)).map(name).join(' -> '));
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  assert.deepEqual(cycles, []);
});
