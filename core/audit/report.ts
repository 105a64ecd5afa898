import { tabwrite } from '../trust/inspect-format.js';
import type { AuditReport, RepositoryAudit } from './types.js';

/** The JSON element of one repository (`signet audit --json`; the app's "Export report"). */
export function auditJsonElement(r: RepositoryAudit): object {
  return {
    Name: r.name,
    Signed: r.signed,
    Registry: r.registry,
    TrustServer: r.server,
    TrustData: r.trustData,
    RegistryChecked: r.registryChecked,
    Tags: r.tags.map((t) => ({
      Tag: t.tag,
      SignedDigest: t.signedDigest,
      RegistryDigest: t.registryDigest,
      State: t.state,
      Signers: t.signers,
      ...(t.cosign !== undefined ? { Cosign: t.cosign } : {}),
      ...(t.shadowedBy !== undefined ? { ShadowedBy: t.shadowedBy } : {}),
    })),
    Roles: r.roles.map((x) => ({ Role: x.role, Expires: x.expires, State: x.state, ServerRenewed: x.serverRenewed })),
    Problems: r.problems.map((p) => p.message),
    ProblemDetails: r.problems.map((p) => ({ Kind: p.kind, Problem: p.message, Fix: p.fix })),
  };
}

/** One JSON array, sorted by repository name, 4-space indented like `docker trust inspect`. */
export function formatAuditJson(report: Pick<AuditReport, 'repositories'>): string {
  const sorted = [...report.repositories].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return JSON.stringify(sorted.map(auditJsonElement), null, 4) + '\n';
}

/** RFC 4180 field: quoted when it holds a quote, comma, CR or LF, or starts/ends with a space. */
export function csvField(value: string | number | boolean | null | undefined): string {
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_HEADER = [
  'Repository',
  'Signed',
  'TrustData',
  'Type',
  'Name',
  'State',
  'SignedDigest',
  'RegistryDigest',
  'Signers',
  'Expires',
  'Problem',
  'Fix',
];

/** CSV (RFC 4180, CRLF): one row per tag, per role and per problem of every repository. */
export function formatAuditCsv(report: Pick<AuditReport, 'repositories'>): string {
  const rows: (string | number | boolean | null)[][] = [CSV_HEADER];
  for (const r of report.repositories) {
    const base = [r.name, r.signed, r.trustData];
    for (const t of r.tags)
      rows.push([...base, 'tag', t.tag, t.state, t.signedDigest, t.registryDigest, t.signers.join('; '), '', '', '']);
    for (const x of r.roles) rows.push([...base, 'role', x.role, x.state, '', '', '', x.expires, '', '']);
    for (const p of r.problems)
      rows.push([...base, 'problem', p.subject ?? '', p.kind, '', '', '', '', p.message, p.fix]);
  }
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const short = (hex: string | null): string => (hex === null ? '-' : hex.slice(0, 12));

/** A table indented by two spaces, without trailing blanks. */
const indented = (rows: string[][]): string =>
  tabwrite(rows)
    .replace(/ +$/gm, '')
    .replace(/^(?=.)/gm, '  ');

/** The readable report: per repository its tags, roles and problems, then the summary line. */
export function formatAuditText(report: AuditReport): string {
  let out = '';
  for (const r of report.repositories) {
    const how =
      r.trustData === 'none'
        ? 'no trust data'
        : r.trustData === 'failed'
          ? 'trust data NOT verified'
          : r.trustData === 'cached'
            ? 'signed (cached trust data)'
            : 'signed';
    out += `${r.name}  (${how}${r.registryChecked ? '' : ', registry not checked'})\n`;
    if (r.tags.length > 0) {
      out += indented([
        ['TAG', 'STATE', 'SIGNED DIGEST', 'REGISTRY DIGEST', 'SIGNERS'],
        ...r.tags.map((t) => [t.tag, t.state, short(t.signedDigest), short(t.registryDigest), t.signers.join(', ')]),
      ]);
    }
    if (r.roles.length > 0) {
      out += indented([
        ['ROLE', 'EXPIRES', 'STATE'],
        ...r.roles.map((x) => [
          x.role,
          x.expires ?? '-',
          x.serverRenewed && x.state === 'ok' ? 'ok (renewed by the server)' : x.state,
        ]),
      ]);
    }
    for (const p of r.problems) out += `  problem: ${p.message}\n    fix: ${p.fix}\n`;
    out += '\n';
  }
  return out + summaryLine(report) + '\n';
}

/** `N repositories, N signed, N problems` (plus expiring roles when there are any). */
export function summaryLine(report: AuditReport): string {
  const s = report.summary;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const repos = `${s.repositories} ${s.repositories === 1 ? 'repository' : 'repositories'}`;
  let line = `${repos}, ${s.signed} signed, ${plural(s.problems, 'problem')}`;
  if (s.expiring > 0)
    line += ` (${s.expiring} role${s.expiring === 1 ? '' : 's'} expiring within ${report.warnDays} days)`;
  if (report.offline) line += '; offline: registry not checked';
  if (report.cancelled) line += '; cancelled before the end';
  return line;
}
