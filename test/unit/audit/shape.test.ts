/**
 * The audit's shapes (core/audit/shape.ts), shared by the CLI's calendar and the app's Audit view:
 * the calendar's events are the timeline's items less an expired server-renewed timestamp.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditRole } from '../../../core/audit/expiry.js';
import { formatCalendar } from '../../../core/audit/ics.js';
import { roleExpiries, summariesPerRegistry, tagCounts } from '../../../core/audit/shape.js';
import type { AuditTag, RepositoryAudit } from '../../../core/audit/types.js';

const NOW = new Date('2026-12-04T12:00:00Z');
const at = (days: number): string => new Date(NOW.getTime() + days * 86_400_000).toISOString();

function repo(name: string, roles: Array<[string, number]>, states: AuditTag['state'][] = []): RepositoryAudit {
  return {
    name,
    registry: name.split('/')[0]!,
    server: 'https://notary',
    signed: true,
    trustData: 'verified',
    registryChecked: true,
    tags: states.map((state, i) => ({ tag: `t${i}`, state }) as AuditTag),
    roles: roles.map(([role, days]) => auditRole(role, at(days), NOW, 30)),
    problems: [],
  };
}

const repos = [
  repo('b.example/app', [
    ['targets', 400],
    ['timestamp', -1],
  ]),
  repo('a.example/app', [
    ['targets', 400],
    ['snapshot', 10],
    ['timestamp', 5],
  ]),
];

test('role expiries: soonest first, then by repository; the timestamp only once it has expired, and never in the calendar', () => {
  const timeline = roleExpiries(repos, { expiredRenewed: true });
  assert.deepEqual(
    timeline.map((e) => `${e.repository} ${e.role} ${e.state}`),
    [
      'b.example/app timestamp expired',
      'a.example/app snapshot expiring',
      'a.example/app targets ok',
      'b.example/app targets ok',
    ],
  );
  const calendar = formatCalendar(repos, { warnDays: 30, now: NOW });
  const summaries = [...calendar.matchAll(/SUMMARY:Trust data expires: (\S+) (\S+)\r\n/g)].map(
    (m) => `${m[1]} ${m[2]}`,
  );
  assert.deepEqual(
    summaries,
    roleExpiries(repos, { expiredRenewed: false }).map((e) => `${e.repository} ${e.role}`),
  );
  assert.deepEqual(summaries, ['a.example/app snapshot', 'a.example/app targets', 'b.example/app targets']);
});

test('tag counts and one summary per registry, a registry that failed as a whole counted with its own', () => {
  const r = repo('a.example/app', [], ['ok', 'ok', 'moved', 'shadowed', 'unchecked']);
  assert.deepEqual(tagCounts(r), { ok: 2, moved: 1, missing: 0, unsigned: 0, unchecked: 1, shadowed: 1 });
  const rows = summariesPerRegistry(repos, [{ target: 'c.example', message: 'no catalog', fix: 'name them' }]);
  assert.deepEqual(
    rows.map((x) => [x.registry, x.summary.repositories]),
    [
      ['a.example', 1],
      ['b.example', 1],
      ['c.example', 0],
    ],
  );
  assert.ok(rows[1]!.summary.expired >= 1, 'b.example: its timestamp expired');
});
