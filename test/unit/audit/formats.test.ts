import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditRole } from '../../../core/audit/expiry.js';
import { escapeText, foldLine, formatCalendar, icsDateTime } from '../../../core/audit/ics.js';
import { csvField, formatAuditCsv, formatAuditJson, summaryLine } from '../../../core/audit/report.js';
import { summarize } from '../../../core/audit/audit.js';
import type { AuditReport, RepositoryAudit } from '../../../core/audit/types.js';

const NOW = new Date('2026-12-04T12:00:00Z');
const utf8Len = (s: string): number => Buffer.byteLength(s, 'utf8');

test("a report role: the trust policy's state and days, the timestamp renewed by the server, the snapshot when the server holds its key", () => {
  const at = (days: number): string => new Date(NOW.getTime() + days * 86_400_000).toISOString();
  assert.deepEqual(auditRole('targets', '2026-12-14T12:00:00.5Z', NOW, 30), {
    role: 'targets',
    expires: '2026-12-14T12:00:00.5Z',
    state: 'expiring',
    days: 10,
    serverRenewed: false,
  });
  assert.deepEqual(auditRole('timestamp', at(1), NOW, 30), {
    role: 'timestamp',
    expires: at(1),
    state: 'ok',
    days: 1,
    serverRenewed: true,
  });
  // without the server's word on its snapshot key, the snapshot is the user's to renew
  assert.equal(auditRole('snapshot', at(1), NOW, 30).state, 'expiring');
  // the server holds it: renewed by the server, never expiring (as the trust view says)
  assert.deepEqual(auditRole('snapshot', at(1), NOW, 30, true), {
    role: 'snapshot',
    expires: at(1),
    state: 'ok',
    days: 1,
    serverRenewed: true,
  });
  assert.deepEqual(auditRole('targets/releases', null, NOW, 30), {
    role: 'targets/releases',
    expires: null,
    state: 'expired',
    days: null,
    serverRenewed: false,
  });
});

test('ics TEXT escaping: backslash, semicolon, comma, newlines', () => {
  assert.equal(escapeText('a\\b;c,d\ne\r\nf'), 'a\\\\b\\;c\\,d\\ne\\nf');
  assert.equal(escapeText('plain: text'), 'plain: text');
});

test('ics folding: lines of at most 75 octets, continuation with one space, never inside a UTF-8 character', () => {
  assert.equal(foldLine('SUMMARY:short'), 'SUMMARY:short\r\n');
  const long = `DESCRIPTION:${'é'.repeat(60)}${'x'.repeat(50)}🔑end`;
  const folded = foldLine(long);
  assert.ok(folded.endsWith('\r\n'));
  const lines = folded.slice(0, -2).split('\r\n');
  assert.ok(lines.length > 2);
  for (const [i, l] of lines.entries()) {
    assert.ok(utf8Len(l) <= 75, `line ${i} has ${utf8Len(l)} octets`);
    if (i > 0) assert.ok(l.startsWith(' '));
    assert.ok(!l.includes('\uFFFD'));
  }
  assert.equal(lines.map((l, i) => (i === 0 ? l : l.slice(1))).join(''), long, 'unfolding gives the line back');
  const exactly75 = `X:${'a'.repeat(73)}`;
  assert.equal(foldLine(exactly75), `${exactly75}\r\n`);
  assert.equal(foldLine(`${exactly75}b`), `${exactly75}\r\n b\r\n`);
});

function repo(name: string, roles: [string, string | null][], extra: Partial<RepositoryAudit> = {}): RepositoryAudit {
  return {
    name,
    registry: name.split('/')[0]!,
    server: 'https://notary.test',
    signed: true,
    trustData: 'verified',
    registryChecked: true,
    tags: [],
    roles: roles.map(([role, expires]) => auditRole(role, expires, NOW, 30)),
    problems: [],
    ...extra,
  };
}

test('calendar: one event per role expiry, soonest first, timestamp left out, alarm --warn-days before', () => {
  const repos = [
    repo('reg.test/b,c;d', [
      ['root', '2036-12-01T00:00:00Z'],
      ['timestamp', '2026-12-18T00:00:00Z'],
    ]),
    repo('reg.test/a', [['targets/releases', '2027-01-02T03:04:05.123456789+01:00']]),
  ];
  const ics = formatCalendar(repos, { warnDays: 14, now: NOW });
  assert.ok(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:'));
  assert.ok(ics.endsWith('END:VCALENDAR\r\n'));
  assert.ok(!/[^\r]\n/.test(ics), 'every line ends in CRLF');
  const unfolded = ics.replace(/\r\n /g, '');
  const starts = [...unfolded.matchAll(/^DTSTART:(\S+)\r$/gm)].map((m) => m[1]);
  assert.deepEqual(starts, ['20270102T020405Z', '20361201T000000Z']);
  assert.equal((unfolded.match(/BEGIN:VEVENT/g) ?? []).length, 2);
  assert.match(unfolded, /SUMMARY:Trust data expires: reg\.test\/b\\,c\\;d root\r\n/);
  assert.equal((unfolded.match(/TRIGGER;RELATED=START:-P14D\r\n/g) ?? []).length, 2);
  assert.match(unfolded, new RegExp(`DTSTAMP:${icsDateTime(NOW)}`));
  assert.match(formatCalendar(repos, { warnDays: 0, now: NOW }), /TRIGGER;RELATED=START:PT0S/);
});

test('CSV: RFC 4180 quoting and CRLF', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField(' padded'), '" padded"');
  assert.equal(csvField(null), '');
  assert.equal(csvField(false), 'false');
  const r = repo('reg.test/app', [['targets', '2027-06-01T00:00:00Z']], {
    tags: [{ tag: 'v1', signedDigest: 'aa', registryDigest: 'bb', state: 'moved', signers: ['alice', 'bob'] }],
    problems: [
      {
        kind: 'moved',
        subject: 'v1',
        message: 'v1: the registry serves sha256:bb but sha256:aa was signed',
        fix: 'push it, or "sign" it',
      },
    ],
  });
  const csv = formatAuditCsv({ repositories: [r] });
  const lines = csv.split('\r\n');
  assert.equal(
    lines[0],
    'Repository,Signed,TrustData,Type,Name,State,SignedDigest,RegistryDigest,Signers,Expires,Problem,Fix',
  );
  assert.equal(lines[1], 'reg.test/app,true,verified,tag,v1,moved,aa,bb,alice; bob,,,');
  assert.equal(lines[2], 'reg.test/app,true,verified,role,targets,ok,,,,2027-06-01T00:00:00Z,,');
  assert.equal(
    lines[3],
    'reg.test/app,true,verified,problem,v1,moved,,,,,v1: the registry serves sha256:bb but sha256:aa was signed,"push it, or ""sign"" it"',
  );
  assert.equal(lines[4], '');
});

test('JSON: one array sorted by name with the issue’s fields; summary line', () => {
  const a = repo('reg.test/b', [['targets', '2026-12-10T00:00:00Z']], {
    tags: [{ tag: 'v1', signedDigest: 'aa', registryDigest: null, state: 'missing', signers: ['Repo Admin'] }],
    problems: [{ kind: 'missing', message: 'v1: signed, but the registry no longer has this tag', fix: 'push' }],
  });
  const b = repo('reg.test/a', [], { signed: false, trustData: 'none' });
  const json = JSON.parse(formatAuditJson({ repositories: [a, b] })) as Record<string, unknown>[];
  assert.deepEqual(
    json.map((x) => x['Name']),
    ['reg.test/a', 'reg.test/b'],
  );
  assert.deepEqual(json[1]!['Tags'], [
    { Tag: 'v1', SignedDigest: 'aa', RegistryDigest: null, State: 'missing', Signers: ['Repo Admin'] },
  ]);
  assert.deepEqual(json[1]!['Roles'], [
    { Role: 'targets', Expires: '2026-12-10T00:00:00Z', State: 'expiring', ServerRenewed: false },
  ]);
  assert.deepEqual(json[1]!['Problems'], ['v1: signed, but the registry no longer has this tag']);
  assert.equal(json[0]!['Signed'], false);
  const report: AuditReport = {
    repositories: [b, a],
    failedTargets: [],
    summary: summarize([b, a], []),
    offline: false,
    at: NOW.toISOString(),
    warnDays: 30,
    cancelled: false,
  };
  assert.equal(summaryLine(report), '2 repositories, 1 signed, 1 problem (1 role expiring within 30 days)');
});
