/**
 * A FULL sign (new repository: root, repository and signer keys created, tag signed, published)
 * through the real handlers, guards, broker and core, against a real notary-server and registry,
 * with every IPC payload (requests, results, events) and every console/stdout/stderr line
 * recorded. Asserts that no private key material and no passphrase appears anywhere, except the
 * passphrase inside the one `passphrase:answer` request that carries it renderer → main, and that
 * no request names a file path (archives and the key export go through main's file dialog, here
 * the harness's stand-in).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, type Stack } from '../helpers/stack.js';
import { makeIdentity, REPO_PASSPHRASE, ROOT_PASSPHRASE } from '../helpers/identity.js';
import { pushImage } from '../helpers/registry-push.js';
import { composeMain } from '../../electron/main/compose.js';
import { HarnessChooser } from '../../electron/harness/chooser.js';
import type { EventChannels } from '../../electron/ipc/contract.js';

let stack: Stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.stop();
});

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.name.endsWith('.key')) out.push(p);
  }
  return out;
}

test('no passphrase or private key material crosses IPC or reaches a log during a full sign', async () => {
  const id = makeIdentity(stack, 'no-secrets');
  const env: Record<string, string | undefined> = { ...id.env };
  for (const k of Object.keys(env)) if (/PASSPHRASE/.test(k)) delete env[k]; // only the dialog (broker) may answer
  const ROOT = `${ROOT_PASSPHRASE}-dialog-7f3a`;
  const REPO = `${REPO_PASSPHRASE}-dialog-91c2`;
  const img = await pushImage(stack.registryHost, 'example/nosecrets', 'v1');
  const reference = `${stack.registryHost}/example/nosecrets:v1`;

  const record: Array<{ dir: 'request' | 'result' | 'event' | 'log'; channel: string; text: string }> = [];
  // every console line and raw stdout/stderr write
  const restore: Array<() => void> = [];
  for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const orig = console[m];
    console[m] = (...a: unknown[]) => {
      record.push({
        dir: 'log',
        channel: `console.${m}`,
        text: a.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' '),
      });
      orig.apply(console, a as []);
    };
    restore.push(() => (console[m] = orig));
  }
  for (const s of [process.stdout, process.stderr]) {
    const orig = s.write.bind(s);
    s.write = ((chunk: unknown, ...rest: unknown[]) => {
      record.push({ dir: 'log', channel: s === process.stdout ? 'stdout' : 'stderr', text: String(chunk) });
      return (orig as Function)(chunk, ...rest);
    }) as typeof s.write;
    restore.push(() => (s.write = orig as typeof s.write));
  }

  let answer: (p: EventChannels['passphrase:request']) => void = () => {};
  const chooser = new HarnessChooser();
  const graph = composeMain({
    dialogs: chooser,
    env,
    userDataDir: mkdtempSync(join(tmpdir(), 'signet-nosecrets-')),
    shell: 'harness',
    appVersion: 'test',
    log: (m) => record.push({ dir: 'log', channel: 'main-log', text: m }),
    emit: (event, payload) => {
      record.push({ dir: 'event', channel: event, text: JSON.stringify(payload) });
      if (event === 'passphrase:request') setImmediate(() => answer(payload as EventChannels['passphrase:request']));
    },
  });
  // the recording transport: JSON round trip both ways, as IPC structured clone would carry it
  const call = async (channel: string, ...args: unknown[]) => {
    const wire = JSON.stringify(args);
    record.push({ dir: 'request', channel, text: wire });
    const result = await graph.dispatch(channel, JSON.parse(wire) as unknown[]);
    record.push({ dir: 'result', channel, text: JSON.stringify(result) });
    return result;
  };
  answer = (p) =>
    void call('passphrase:answer', { requestId: p.requestId, passphrase: p.role === 'root' ? ROOT : REPO });

  try {
    const signed = await call('trust:sign', { reference, signer: 'alice' });
    assert.equal(signed.ok, true, JSON.stringify(signed));
    assert.equal((signed as any).value.digest, img.hex);
    assert.ok((signed as any).value.created);
    const view = await call('trust:view', reference);
    assert.equal(view.ok, true, JSON.stringify(view));
    assert.ok((view as any).value.signedTags.some((t: any) => t.tag === 'v1' && t.digest === img.hex));
    for (const ch of ['keys:list', 'keys:backupReminder', 'app:info', 'settings:get'])
      assert.equal((await call(ch)).ok, true, ch);
    assert.equal((await call('trust:stagedChanges', reference)).ok, true);
    const raw = (await call('trust:rawMetadata', reference)) as any;
    assert.equal(raw.ok, true, JSON.stringify(raw));
    assert.ok(
      ['root', 'targets', 'snapshot', 'timestamp', 'targets/releases', 'targets/alice'].every(
        (r) => typeof raw.value[r] === 'string',
      ),
      Object.keys(raw.value).join(),
    );
    // the history channels (through core's history operations, as the CLI): names, versions, digests, key IDs, dates
    const hist = (await call('history:read', { reference })) as any;
    assert.equal(hist.ok, true, JSON.stringify(hist));
    const tagged = hist.value.events.find((e: any) => e.change === 'tag-added' && e.tag === 'v1');
    assert.equal(tagged?.digest, img.hex);
    assert.deepEqual(
      tagged.keyIds.map((k: string) => hist.value.keys[k]),
      ['local'],
      "the signer's key, created here, is yours",
    );
    const init = hist.value.events.find((e: any) => e.change === 'initialized');
    assert.equal(hist.value.keys[init.keyIds[0]], 'local', 'the root key created here, by its certificate ID');
    const diff = (await call('history:diff', { reference, from: '1', to: 'latest' })) as any;
    assert.equal(diff.ok, true, JSON.stringify(diff));
    const folder = mkdtempSync(join(tmpdir(), 'signet-nosecrets-archive-'));
    const file = join(folder, 'nosecrets.trust.tar.gz');
    chooser.chooseNext({ paths: [file] });
    const toWrite = (await call('files:chooseSave', {
      purpose: 'archive',
      suggestedName: 'nosecrets.trust.tar.gz',
    })) as any;
    const written = (await call('history:writeArchive', { reference, file: toWrite.value.handle })) as any;
    assert.equal(written.ok, true, JSON.stringify(written));
    assert.equal(written.value.archive.name, 'nosecrets.trust.tar.gz');
    chooser.chooseNext({ paths: [file] });
    const toOpen = (await call('files:chooseOpen', { purpose: 'archive' })) as any;
    const opened = (await call('history:openArchive', { file: toOpen.value[0].handle })) as any;
    assert.equal(opened.ok, true, JSON.stringify(opened));
    const again = (await call('history:read', { reference, archive: opened.value.id })) as any;
    assert.equal(again.ok, true, JSON.stringify(again));
    assert.equal(again.value.source, 'archive:nosecrets.trust.tar.gz');
    // a key export: its passphrase is asked (the broker), the file written in main
    const keys = (await call('keys:list')) as any;
    const alice = keys.value.find((k: any) => k.role === 'alice');
    chooser.chooseNext({ paths: [join(folder, 'alice.key')] });
    const toExport = (await call('files:chooseSave', { purpose: 'key-export' })) as any;
    const exported = (await call('keys:export', { keyId: alice.id, file: toExport.value.handle })) as any;
    assert.deepEqual(exported, { ok: true, value: { name: 'alice.key' } });
    for (const r of record.filter((x) => x.dir === 'request'))
      assert.ok(!r.text.includes(folder), `a path in the ${r.channel} request`);
    assert.ok(opened.value.view.signedTags.some((t: any) => t.tag === 'v1' && t.digest === img.hex));
    assert.equal(opened.value.history.events.length, hist.value.events.length);
    const found = (await call('repositories:discovered')) as any;
    assert.ok(
      found.value.some((r: any) => r.gun === `${stack.registryHost}/example/nosecrets`),
      JSON.stringify(found),
    );
  } finally {
    for (const r of restore) r();
  }

  // docker can read what was signed
  const out = await id.docker(['trust', 'inspect', `${stack.registryHost}/example/nosecrets`]);
  assert.equal(out.code, 0, out.stderr);

  // the secrets to look for
  const keyFiles = walk(join(id.trustDir, 'private'));
  assert.ok(keyFiles.length >= 3, `root, repository and signer keys created (${keyFiles.length})`);
  const bodies: string[] = [];
  for (const f of keyFiles) {
    const pem = readFileSync(f, 'utf8');
    for (const line of pem.split('\n')) if (/^[A-Za-z0-9+/=]{40,}$/.test(line.trim())) bodies.push(line.trim());
  }
  assert.ok(bodies.length > 0);
  const asked = record.filter((r) => r.dir === 'event' && r.channel === 'passphrase:request');
  assert.ok(asked.length >= 3, "the broker asked for the new keys' passphrases");

  for (const r of record) {
    const where = `${r.dir} ${r.channel}`;
    assert.doesNotMatch(r.text, /PRIVATE KEY/, where);
    for (const b of bodies)
      assert.ok(!r.text.includes(b) && !r.text.includes(b.slice(0, 32)), `key material in ${where}`);
    if (r.dir === 'request' && r.channel === 'passphrase:answer') continue; // the one place a passphrase travels
    assert.ok(!r.text.includes(ROOT) && !r.text.includes(REPO), `passphrase in ${where}`);
  }
  // and the answers themselves went only renderer → main
  const answers = record.filter((r) => r.channel === 'passphrase:answer' && r.dir === 'request');
  assert.equal(answers.length, asked.length);
  assert.ok(
    record.some((r) => r.dir === 'event' && r.channel === 'progress' && /publishing/.test(r.text)),
    'progress events were sent',
  );
});
