/**
 * A tag signed twice, in headless Chromium through the harness, against the REAL notary-server and
 * registry, the repository built with the real notary and docker CLIs: the admin signs t4 (digest
 * A) into targets, carol (docker trust signer add) signs t4 with B into targets/releases and
 * targets/carol. (tag, digest) is a row's identity: the Signed tags rows, the graph's tag nodes,
 * the Sign dialog's entries and the Registry column agree with `docker trust inspect` (both t4
 * rows) and `signet audit --json`, and the row marked "docker pull gets this" is the digest the
 * real `docker pull` resolves t4 to (it prints "Pull (1 of 1): …@sha256:…" before it needs an
 * engine). `notary lookup`, which asks targets alone, answers the admin's A: not what docker pulls.
 * Screenshots of the table, the registry check and the graph at 1024/1400/1920 px, light and dark.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startStack, type Stack } from '../helpers/stack.js';
import { ok, type Identity } from '../helpers/identity.js';
import { dockerTrustInspect, viewer, type InspectJson } from '../helpers/scenarios.js';
import { signedTwiceRepo, type SignedTwiceScenario } from '../helpers/signed-twice-scenario.js';
import { signet } from '../helpers/signet-cli.js';
import { startSession, type Session } from './lib/browser.js';
import { noSeriousAxe, shootAll } from './lib/flows.js';

interface AuditTagJson {
  Tag: string;
  SignedDigest: string | null;
  RegistryDigest: string | null;
  State: string;
  Signers: string[];
  ShadowedBy?: string | null;
}

/** The app's word for each state (the Registry column). */
const STATE_LABEL: Record<string, string> = {
  ok: 'matches',
  moved: 'moved',
  missing: 'missing',
  shadowed: 'shadowed',
  unchecked: 'unchecked',
};

let stack: Stack;
let sc: SignedTwiceScenario;
let id: Identity;
let session: Session;
let docker: InspectJson;
let dockerStdout: string;
/** The digest `docker pull` with content trust resolves t4 to. */
let pulled: string;
/** The digest `notary lookup GUN t4` answers. */
let lookedUp: string;
let audit: AuditTagJson[];

const short = (hex: string): string => hex.slice(0, 12);
/** docker's rows as "tag digest signers", sorted: what every view must show. */
const dockerRows = (): string[] =>
  docker.SignedTags.map((r) => `${r.SignedTag} ${r.Digest} ${[...r.Signers].sort().join(', ')}`).sort();

before(async () => {
  stack = await startStack();
  sc = await signedTwiceRepo(stack, 'twice/app');
  id = viewer(stack);
  const inspected = await dockerTrustInspect(id, [sc.gun]);
  ok(inspected.result, 'docker trust inspect');
  docker = inspected.json[0]!;
  dockerStdout = inspected.result.stdout;
  // no engine here (DOCKER_HOST is a socket nobody listens on): docker resolves the tag through
  // notary, prints what it will pull, then fails to reach the engine
  const pull = await id.docker(['pull', `${sc.gun}:t4`], { env: { DOCKER_CONTENT_TRUST: '1' } });
  const m = /^Pull \(1 of 1\): \S+:t4@sha256:([0-9a-f]{64})$/m.exec(pull.stdout);
  assert.ok(m, `docker pull printed what it pulls: ${pull.stdout} ${pull.stderr}`);
  pulled = m[1]!;
  const lookup = ok(await id.notary(['lookup', sc.gun, 't4']), 'notary lookup');
  lookedUp = /^t4 sha256:([0-9a-f]{64}) \d+$/m.exec(lookup.stdout)![1]!;
  const cli = await signet(id, ['audit', '--json', sc.gun]);
  assert.equal(cli.code, 0, cli.stderr);
  audit = (JSON.parse(cli.stdout) as Array<{ Tags: AuditTagJson[] }>)[0]!.Tags;
  session = await startSession({ env: id.env });
  const box = session.page.getByRole('textbox', { name: 'Repository', exact: true });
  await box.fill(sc.gun);
  await box.press('Enter');
  await session.page.getByRole('heading', { level: 1, name: sc.gun }).waitFor();
  await session.page.getByRole('table', { name: 'Signed tags' }).waitFor({ timeout: 30_000 });
});

after(async () => {
  await session?.close();
  await stack?.stop();
});

/** The Signed tags table's rows by header, each cell's whole text (screen-reader words included) and full digest. */
async function signedRows(page: Page): Promise<Array<Record<string, string>>> {
  return page.evaluate(`(() => {
    const t = [...document.querySelectorAll('table')].find((x) => x.caption && x.caption.textContent === 'Signed tags');
    const heads = [...t.querySelectorAll('thead th')].map((th) => th.textContent.replace(/[▲▼]/g, '').trim());
    return [...t.querySelectorAll('tbody tr[data-index]')].map((tr) => {
      const row = {};
      [...tr.cells].forEach((td, i) => {
        const full = td.querySelector('[data-full]');
        row[heads[i]] = full ? full.getAttribute('data-full') : td.textContent.trim();
      });
      return row;
    });
  })()`);
}

/** The tag cell: the tag, then its pull mark's whole text when it has one. */
const tagOf = (r: Record<string, string>): string => r['Signed tag']!.split(' ')[0]!;
const markOf = (r: Record<string, string>): string => r['Signed tag']!.slice(tagOf(r).length).trim();
const rowText = (r: Record<string, string>): string => `${tagOf(r)} ${r['Digest']} ${r['Signers']}`;

describe('a tag signed twice (harness + real notary-server and registry, built with notary and docker)', () => {
  test('the CLIs: docker lists t4 twice; docker pull gets carol’s digest, notary lookup the admin’s; signet says the same', async () => {
    assert.deepEqual(
      docker.SignedTags.filter((r) => r.SignedTag === 't4')
        .map((r) => `${r.Digest} ${r.Signers.join(', ')}`)
        .sort(),
      [`${sc.adminT4.hex} Repo Admin`, `${sc.carolT4.hex} carol`].sort(),
    );
    assert.equal(pulled, sc.carolT4.hex, 'docker pull: targets/releases first');
    assert.equal(lookedUp, sc.adminT4.hex, 'notary lookup asks targets alone');
    // docker orders the rows of one tag as a Go map iterates (matchReleasedSignatures): by chance.
    // Apart from that order, signet inspect is docker trust inspect byte for byte (no `pulled` in it).
    const inspect = await signet(id, ['inspect', sc.gun]);
    const lines = (text: string): string[] => text.split('\n').sort();
    assert.deepEqual(lines(inspect.stdout), lines(dockerStdout), 'the same lines');
    const byRow = (text: string) => {
      const [e] = JSON.parse(text) as InspectJson[];
      const key = (r: InspectJson['SignedTags'][number]) => `${r.SignedTag} ${r.Digest}`;
      return { ...e, SignedTags: [...e!.SignedTags].sort((a, b) => (key(a) < key(b) ? -1 : 1)) };
    };
    assert.deepEqual(byRow(inspect.stdout), byRow(dockerStdout), 'the same rows, signers and keys');
    assert.doesNotMatch(inspect.stdout, /pulled/i, 'no pulled field');
    assert.deepEqual(
      audit.map((t) => `${t.Tag} ${t.SignedDigest} ${[...t.Signers].sort().join(', ')}`).sort(),
      dockerRows(),
    );
    const t4 = audit.filter((t) => t.Tag === 't4');
    assert.deepEqual(
      t4.map((t) => [t.SignedDigest, t.State, t.ShadowedBy ?? '-']),
      [
        [sc.adminT4.hex, 'shadowed', pulled],
        [pulled, 'ok', '-'],
      ],
    );
  });

  test('Signed tags: the rows docker lists; the one docker pull gets is marked, the other shadowed', async () => {
    const rows = await signedRows(session.page);
    assert.deepEqual(rows.map(rowText).sort(), dockerRows());
    assert.deepEqual(
      rows.filter((r) => tagOf(r) === 't4').map((r) => [r['Digest'], markOf(r)]),
      [
        [sc.adminT4.hex, `shadowed: docker pull gets ${short(pulled)}`],
        [pulled, 'pulled (docker pull gets this)'],
      ],
    );
    for (const r of rows.filter((x) => tagOf(x) !== 't4')) assert.equal(markOf(r), '', 'a tag signed once: no mark');
    await session.page.getByText('5 signed digests').waitFor();
  });

  test('Registry column: each row as signet audit --json says; the summary counts the rows the table shows', async () => {
    const page = session.page;
    const check = page.getByRole('region', { name: 'Registry', exact: true });
    // five signed rows: checked by itself (up to 500), nobody clicks
    const summary = check.getByText(/^Checked \d\d:\d\d UTC: /);
    await summary.waitFor({ timeout: 30_000 });
    assert.match((await summary.textContent())!, /: 4 match, 0 moved, 0 missing, 1 shadowed, 0 unsigned\.$/);
    const rows = await signedRows(page);
    const expected = (r: Record<string, string>): string => {
      const a = audit.find((t) => t.Tag === tagOf(r) && t.SignedDigest === r['Digest'])!;
      return a.State === 'shadowed' ? `shadowed: docker pull gets ${short(a.ShadowedBy!)}` : STATE_LABEL[a.State]!;
    };
    assert.deepEqual(
      rows.map((r) => r['Registry']),
      rows.map(expected),
    );
    const counted = [...(await summary.textContent())!.matchAll(/(\d+) (match|moved|missing|shadowed)/g)];
    assert.equal(
      counted.reduce((n, m) => n + Number(m[1]), 0),
      rows.length,
    );
    const shadowed = check.getByRole('list', { name: `Shadowed signatures of ${sc.gun}` });
    assert.equal(
      (await shadowed.textContent())!.replace(/\s+/g, ' '),
      `t4 ${short(sc.adminT4.hex)} signed by Repo Admin: shadowed, docker pull gets ${short(pulled)}`,
    );
    await noSeriousAxe(page, 'Signed tags with a tag signed twice');
    await shootAll(page, 'signed-twice-table', undefined, () =>
      page.locator('#signed-tags-heading').evaluate((h) => h.scrollIntoView()),
    );
    await shootAll(page, 'signed-twice-registry', undefined, () => check.evaluate((c) => c.scrollIntoView()));
  });

  test('Trust graph: a tag node per docker row, the one docker pull gets named so', async () => {
    const page = session.page;
    await page.getByRole('tab', { name: 'Trust graph', exact: true }).click();
    const graph = page.getByRole('group', { name: `Trust graph of ${sc.gun}` });
    await graph.waitFor();
    const names = await graph.locator('.tg-tag').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')!));
    const parsed = names.map((n) => {
      const m = /^(\S+), ([0-9a-f]{12})(?:, (?:pulled|shadowed))?: signed tag, signed by (.+?)(?:; (.+))?$/.exec(n);
      assert.ok(m, n);
      return { tag: m[1]!, digest: m[2]!, signers: m[3]!, pull: m[4] };
    });
    assert.deepEqual(
      parsed.map((p) => `${p.tag} ${p.digest} ${p.signers}`).sort(),
      docker.SignedTags.map((r) => `${r.SignedTag} ${short(r.Digest)} ${[...r.Signers].sort().join(', ')}`).sort(),
    );
    assert.deepEqual(
      parsed.filter((p) => p.tag === 't4').map((p) => [p.digest, p.pull]),
      [
        [short(sc.adminT4.hex), `shadowed: docker pull gets ${short(pulled)}`],
        [short(pulled), 'docker pull gets this'],
      ],
    );
    assert.equal(await graph.locator('.tg-tag.tg-shadowed').count(), 1, 'the shadowed node is drawn dashed');
    await noSeriousAxe(page, 'Trust graph with a tag signed twice');
    await shootAll(page, 'signed-twice-graph', undefined, () =>
      page.locator('#trust-graph-heading').evaluate((h) => h.scrollIntoView()),
    );
    await page.getByRole('tab', { name: 'Trust data', exact: true }).click();
  });

  test('Sign dialog: each tag once; t4 says both digests, the one docker pull gets first', async () => {
    const page = session.page;
    await page.getByRole('table', { name: 'Signed tags' }).waitFor();
    await page.locator('.table-toolbar').getByRole('button', { name: 'Sign tag' }).click();
    const dlg = page.getByRole('dialog', { name: `Sign tag — ${sc.gun}` });
    const list = dlg.getByRole('listbox', { name: 'Tags in the registry' });
    await list.waitFor();
    await dlg.getByText('Reading the registry’s tags…').waitFor({ state: 'detached' });
    const options = await list.getByRole('option').allTextContents();
    assert.deepEqual(
      options.map((o) => o.split(' — ')[0]).sort(),
      [...new Set(docker.SignedTags.map((r) => r.SignedTag))].sort(),
    );
    assert.equal(
      options.find((o) => o.startsWith('t4 ')),
      `t4 — signed by carol (docker pull gets ${short(pulled)}); also ${short(sc.adminT4.hex)} by Repo Admin, shadowed`,
    );
    assert.equal(options.filter((o) => o.includes('no longer in the registry')).length, 0);
    await page.keyboard.press('Escape');
    await dlg.waitFor({ state: 'detached' });
    assert.deepEqual(session.consoleErrors, []);
  });
});
