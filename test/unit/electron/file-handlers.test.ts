/**
 * The channels that read or write files, through the real guards, handlers and key stores
 * (composeMain), with the harness's stand-in for main's dialogs: a key export asks the key's
 * passphrase even when it is remembered and never replaces a file; key files and trust dirs are
 * imported from chosen files; CA files (Settings and trust pinning) are kept by path in main and
 * shown to the renderer by name only; a trust server change is saved only once confirmed in
 * main's dialog, which names the old and the new server.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeytarLike } from '../../../core/node/keychain-key-store.js';
import { HarnessChooser } from '../../../electron/harness/chooser.js';
import type {
  ChosenFileDTO,
  EventChannels,
  KeyInfoDTO,
  OpenPurpose,
  Result,
  SavePurpose,
  SettingsState,
  TrustView,
} from '../../../electron/ipc/contract.js';
import { composeMain } from '../../../electron/main/compose.js';
import { viewDTO } from '../../../electron/main/handlers/dto.js';
import { testCa } from '../../helpers/repo-builder.js';

const root = mkdtempSync(join(tmpdir(), 'signet-file-handlers-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

function memoryKeytar(): KeytarLike {
  const data = new Map<string, string>();
  return {
    getPassword: async (s, a) => data.get(`${s}/${a}`) ?? null,
    setPassword: async (s, a, p) => void data.set(`${s}/${a}`, p),
    deletePassword: async (s, a) => data.delete(`${s}/${a}`),
    findCredentials: async (s) =>
      [...data]
        .filter(([k]) => k.startsWith(`${s}/`))
        .map(([k, password]) => ({ account: k.slice(s.length + 1), password })),
  };
}

type Prompt = EventChannels['passphrase:request'];

/** A main process with the stand-in dialogs; `answer` says what each passphrase prompt gets (undefined: cancel). */
function app(opts: { keytar?: KeytarLike; env?: Record<string, string> } = {}) {
  const dir = join(root, `app-${++n}`);
  const chooser = new HarnessChooser();
  const prompts: Prompt[] = [];
  let answer: (p: Prompt) => string | undefined = () => undefined;
  const keytar = opts.keytar;
  const graph = composeMain({
    env: { DOCKER_CONFIG: join(dir, 'docker'), SIGNET_CONFIG: join(dir, 'signet', 'config.json'), ...opts.env },
    userDataDir: join(dir, 'user'),
    shell: 'harness',
    appVersion: 'test',
    log: () => undefined,
    dialogs: chooser,
    ...(keytar ? { keytar: () => keytar } : {}),
    emit: (event, payload) => {
      if (event !== 'passphrase:request') return;
      const p = payload as Prompt;
      prompts.push(p);
      const a = answer(p);
      setImmediate(
        () =>
          void (a === undefined
            ? graph.dispatch('passphrase:cancel', [{ requestId: p.requestId }])
            : graph.dispatch('passphrase:answer', [{ requestId: p.requestId, passphrase: a }])),
      );
    },
  });
  const call = async <T>(channel: string, ...args: unknown[]): Promise<Result<T>> =>
    (await graph.dispatch(channel, args)) as Result<T>;
  const ok = async <T>(channel: string, ...args: unknown[]): Promise<T> => {
    const r = await call<T>(channel, ...args);
    assert.ok(r.ok, `${channel}: ${JSON.stringify(r)}`);
    return r.value;
  };
  const save = async (purpose: SavePurpose, path: string, replace = false): Promise<ChosenFileDTO> => {
    chooser.chooseNext({ paths: [path], ...(replace ? { replace } : {}) });
    const f = await ok<ChosenFileDTO | null>('files:chooseSave', { purpose });
    assert.ok(f);
    return f;
  };
  const open = async (purpose: OpenPurpose, ...paths: string[]): Promise<ChosenFileDTO[]> => {
    chooser.chooseNext({ paths });
    return ok<ChosenFileDTO[]>('files:chooseOpen', { purpose });
  };
  return { dir, graph, chooser, prompts, call, ok, save, open, answering: (f: typeof answer) => (answer = f) };
}

test('key export: the passphrase is asked even when remembered; the file is new, 0600, never over another', async () => {
  const a = app({ keytar: memoryKeytar() });
  a.answering(() => 'alice-passphrase');
  const key = await a.ok<KeyInfoDTO>('keys:generate', { role: 'alice' });
  assert.equal(key.location, 'keychain');
  await a.graph.services.remembered!.set(key.id, 'alice-passphrase');
  assert.equal((await a.ok<KeyInfoDTO[]>('keys:list')).find((k) => k.id === key.id)?.passphraseRemembered, true);

  mkdirSync(join(a.dir, 'out'), { recursive: true });
  const out = join(a.dir, 'out', 'alice.key');
  const chosen = await a.save('key-export', out);
  assert.deepEqual(chosen, { handle: chosen.handle, name: 'alice.key' });
  const asked = a.prompts.length;
  assert.deepEqual(await a.ok('keys:export', { keyId: key.id, file: chosen.handle }), { name: 'alice.key' });
  const prompt = a.prompts.slice(asked);
  assert.equal(prompt.length, 1, 'asked once, although the passphrase is remembered');
  assert.equal(prompt[0]!.keyId, key.id);
  assert.equal(prompt[0]!.canRemember, false);
  assert.match(readFileSync(out, 'utf8'), /-----BEGIN ENCRYPTED PRIVATE KEY-----/);
  assert.equal(statSync(out).mode & 0o777, 0o600);
  assert.equal((await a.ok<KeyInfoDTO[]>('keys:list')).find((k) => k.id === key.id)?.backedUp, true);

  // the same handle again: spent
  const again = await a.call('keys:export', { keyId: key.id, file: chosen.handle });
  assert.equal(!again.ok && again.error.code, 'BAD_INPUT');
  // the file is there: refused when chosen, whatever the dialog said
  a.chooser.chooseNext({ paths: [out], replace: true });
  const over = await a.call('files:chooseSave', { purpose: 'key-export' });
  assert.equal(!over.ok && over.error.code, 'BAD_INPUT');
  assert.match(
    !over.ok ? over.error.message : '',
    /alice\.key is there already; an exported key never replaces a file/,
  );

  // a wrong passphrase: asked again; cancelled: nothing written, the remembered one kept
  const wrong = await a.save('key-export', join(a.dir, 'out', 'wrong.key'));
  a.answering((p) => (p.attempt === 1 ? 'not-the-passphrase' : undefined));
  const refused = await a.call('keys:export', { keyId: key.id, file: wrong.handle });
  assert.equal(!refused.ok && refused.error.code, 'KEY_CANCELLED');
  assert.equal(existsSync(join(a.dir, 'out', 'wrong.key')), false);
  assert.equal(await a.graph.services.remembered!.get(key.id), 'alice-passphrase');
});

test('key import: a chosen key file, or a chosen trust dir; a file for another purpose is refused', async () => {
  const a = app({ keytar: memoryKeytar() });
  a.answering(() => 'bob-passphrase-1');
  const key = await a.ok<KeyInfoDTO>('keys:generate', { role: 'bob' });
  mkdirSync(a.dir, { recursive: true });
  const exported = join(a.dir, 'bob.key');
  await a.ok('keys:export', { keyId: key.id, file: (await a.save('key-export', exported)).handle });

  const b = app();
  b.answering(() => 'bob-passphrase-1');
  const [file] = await b.open('key-import', exported);
  const wrongUse = await b.call('keys:import', { trustDir: file!.handle });
  assert.equal(!wrongUse.ok && wrongUse.error.code, 'BAD_INPUT');
  assert.match(!wrongUse.ok ? wrongUse.error.message : '', /chosen for another use/);
  const imported = await b.ok<KeyInfoDTO[]>('keys:import', { file: file!.handle, role: 'bob' });
  assert.deepEqual(
    imported.map((k) => [k.id, k.role, k.location]),
    [[key.id, 'bob', 'trust-dir']],
  );

  const trust = join(a.dir, 'other-trust');
  mkdirSync(join(trust, 'private'), { recursive: true });
  writeFileSync(join(trust, 'private', `${key.id}.key`), readFileSync(exported));
  const c = app();
  c.answering(() => 'bob-passphrase-1');
  const [folder] = await c.open('trust-dir', trust);
  assert.equal(folder!.name, 'other-trust');
  assert.deepEqual(
    (await c.ok<KeyInfoDTO[]>('keys:import', { trustDir: folder!.handle })).map((k) => k.id),
    [key.id],
  );
});

test('key import of a cosign.key: the dialog asks the "cosign key" password, then a new passphrase; nothing else changes', async () => {
  const a = app();
  const cosignKey = join(import.meta.dirname, '../../fixtures/cosign/p256.key');
  a.answering((p) => (p.role === 'cosign' ? 'golden-cosign-pw' : 'ci-passphrase-1'));
  const [file] = await a.open('key-import', cosignKey);
  const imported = await a.ok<KeyInfoDTO[]>('keys:import', { file: file!.handle, role: 'ci' });
  assert.deepEqual(
    imported.map((k) => [k.role, k.location]),
    [['ci', 'trust-dir']],
  );
  assert.deepEqual(
    a.prompts.map((p) => [p.role, p.keyId, p.isNew, p.canRemember]),
    [
      ['cosign', '', false, false],
      ['ci', imported[0]!.id, true, false],
    ],
  );
  const stored = readFileSync(join(a.dir, 'docker', 'trust', 'private', `${imported[0]!.id}.key`), 'utf8');
  assert.match(stored, /^-----BEGIN ENCRYPTED PRIVATE KEY-----\nrole: ci\n/);
});

test('CA files in Settings: kept by path in main, shown by name; a file without a certificate is refused', async () => {
  const a = app();
  const caFile = join(a.dir, 'notary-ca.pem');
  mkdirSync(a.dir, { recursive: true });
  writeFileSync(caFile, testCa().certPem);
  const notCa = join(a.dir, 'notes.pem');
  writeFileSync(notCa, 'not a certificate\n');

  const [bad] = await a.open('ca-certificate', notCa);
  const refused = await a.call('settings:setCaFile', { host: 'notary.example.com:4443', file: bad!.handle });
  assert.equal(!refused.ok && refused.error.code, 'BAD_INPUT');
  assert.match(!refused.ok ? refused.error.message : '', /notes\.pem holds no PEM certificate/);

  const [good] = await a.open('ca-certificate', caFile);
  const state = await a.ok<SettingsState>('settings:setCaFile', {
    host: 'notary.example.com:4443',
    file: good!.handle,
  });
  assert.deepEqual(state.settings.caFiles, { 'notary.example.com:4443': 'notary-ca.pem' });
  const got = await a.ok<SettingsState>('settings:get');
  assert.doesNotMatch(
    JSON.stringify(got.settings),
    new RegExp(a.dir.replace(/[.]/g, '\\.')),
    'no folder reaches the renderer',
  );
  assert.equal('caPaths' in got.settings, false);
  const onDisk = JSON.parse(readFileSync(join(a.dir, 'user', 'settings.json'), 'utf8'));
  assert.deepEqual(onDisk.caPaths, { 'notary.example.com:4443': caFile });

  const removed = await a.ok<SettingsState>('settings:removeCaFile', { host: 'notary.example.com:4443' });
  assert.deepEqual(removed.settings.caFiles, {});
});

test('pinned CAs: the chosen file’s path goes to the config file, the renderer sees its name', async () => {
  const a = app();
  mkdirSync(a.dir, { recursive: true });
  const caFile = join(a.dir, 'team-ca.pem');
  writeFileSync(caFile, testCa().certPem);
  const [file] = await a.open('ca-certificate', caFile);
  const pins = await a.ok<{ ca: Record<string, string>; file: string }>('pins:setCa', {
    prefix: 'registry.example.com/team/',
    file: file!.handle,
  });
  assert.deepEqual(pins.ca, { 'registry.example.com/team/': 'team-ca.pem' });
  const config = JSON.parse(readFileSync(pins.file, 'utf8'));
  assert.deepEqual(config.trust_pinning.ca, { 'registry.example.com/team/': caFile });
  assert.deepEqual((await a.ok<{ ca: Record<string, string> }>('pins:get')).ca, {
    'registry.example.com/team/': 'team-ca.pem',
  });
  assert.deepEqual(
    (await a.ok<{ ca: Record<string, string> }>('pins:removeCa', { prefix: 'registry.example.com/team/' })).ca,
    {},
  );
});

test('a trust server change is saved only when confirmed in main’s dialog naming the old and new server', async () => {
  const a = app();
  const R = 'registry.example.com:5000';
  const disk = () => JSON.parse(readFileSync(join(a.dir, 'user', 'settings.json'), 'utf8')).trustServers;

  // nothing answers the dialog: cancelled, not saved
  const cancelled = await a.ok<SettingsState>('settings:update', {
    trustServers: { [R]: 'https://notary.example.com' },
  });
  assert.equal(cancelled.notSaved, 'The trust server change was cancelled: nothing was saved.');
  assert.deepEqual(cancelled.settings.trustServers, {});
  assert.equal(existsSync(join(a.dir, 'user', 'settings.json')), false);
  const shown = a.chooser.shown.at(-1)!;
  assert.equal(shown.kind, 'confirm');
  assert.deepEqual(
    shown.kind === 'confirm' && [shown.message, shown.detail.split('\n').slice(0, 3), shown.confirmLabel],
    [
      `Change the trust server for ${R}?`,
      [R, `  from: https://${R} (docker’s default)`, '  to: https://notary.example.com'],
      'Change trust server',
    ],
  );

  a.chooser.confirmNext(false);
  assert.ok(
    (await a.ok<SettingsState>('settings:update', { trustServers: { [R]: 'https://x.example.com' } })).notSaved,
  );
  a.chooser.confirmNext(true);
  const saved = await a.ok<SettingsState>('settings:update', {
    trustServers: { [R]: 'https://notary.example.com' },
    keyStore: 'trust-dir',
  });
  assert.equal(saved.notSaved, undefined);
  assert.deepEqual(disk(), { [R]: 'https://notary.example.com' });

  // the other settings, or the same servers: no dialog
  const dialogs = a.chooser.shown.length;
  await a.ok('settings:update', { keyStore: 'keychain', trustServers: { [R]: 'https://notary.example.com' } });
  assert.equal(a.chooser.shown.length, dialogs);

  // two changes in one dialog; a removed entry goes back to the default
  a.chooser.confirmNext(true);
  await a.ok('settings:update', { trustServers: { 'other.example.com': 'https://notary.other.example.com' } });
  const both = a.chooser.shown.at(-1)!;
  assert.equal(both.kind === 'confirm' && both.message, 'Change the trust servers of 2 registries?');
  assert.match(
    both.kind === 'confirm' ? both.detail : '',
    new RegExp(`${R}\\n  from: https://notary\\.example\\.com\\n  to: https://${R} \\(docker’s default\\)`),
  );
  assert.deepEqual(disk(), { 'other.example.com': 'https://notary.other.example.com' });

  // with DOCKER_CONTENT_TRUST_SERVER, that is the old server
  const b = app({ env: { DOCKER_CONTENT_TRUST_SERVER: 'https://env.example.com' } });
  await b.ok('settings:update', { trustServers: { [R]: 'https://notary.example.com' } });
  const env = b.chooser.shown.at(-1)!;
  assert.match(
    env.kind === 'confirm' ? env.detail : '',
    /from: https:\/\/env\.example\.com \(DOCKER_CONTENT_TRUST_SERVER\)/,
  );
});

test('archives: an opened archive is named by its ID; an unknown ID, a save handle or a non-archive are refused', async () => {
  const a = app();
  const unknown = await a.call('history:read', { reference: 'example/app', archive: 'c'.repeat(32) });
  assert.equal(!unknown.ok && unknown.error.code, 'BAD_INPUT');
  assert.match(!unknown.ok ? unknown.error.message : '', /this archive is no longer open/);
  mkdirSync(a.dir, { recursive: true });
  const notArchive = join(a.dir, 'notes.tar.gz');
  writeFileSync(notArchive, 'plain text\n');
  const saveHandle = await a.save('archive', join(a.dir, 'new.tar.gz'));
  const wrongUse = await a.call('history:openArchive', { file: saveHandle.handle });
  assert.match(!wrongUse.ok ? wrongUse.error.message : '', /chosen for another use \(save archive\)/);
  const [file] = await a.open('archive', notArchive);
  const r = await a.call('history:openArchive', { file: file!.handle });
  assert.equal(!r.ok && r.error.code, 'BAD_ARCHIVE');
});

test('a trust view names a pinned CA file by its name only', () => {
  const view = { gun: 'r/team/app', rootTrust: { kind: 'ca', prefix: 'r/team/', source: '/etc/signet/team-ca.pem' } };
  assert.deepEqual(viewDTO(view as unknown as TrustView).rootTrust, {
    kind: 'ca',
    prefix: 'r/team/',
    source: 'team-ca.pem',
  });
  const certs = { gun: 'r/team/app', rootTrust: { kind: 'certs', ids: ['a'] } } as unknown as TrustView;
  assert.equal(viewDTO(certs), certs);
});
