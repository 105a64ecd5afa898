/** What `signet migrate` prints: JSON in the audit's shape, or a table for people; and its exit code. */
import { tabwrite } from '../trust/inspect-format.js';
import type { MigrateReport, MigrateRepository, MigrateState } from './migrate.js';

/** One JSON element per repository: one Tags row per tag and signer. */
export function migrateJsonElement(r: MigrateRepository): object {
  return {
    Name: r.name,
    TrustServer: r.server,
    Tags: r.rows.map((t) => ({
      Tag: t.tag,
      SignedDigest: t.signedDigest,
      RegistryDigest: t.registryDigest,
      Signers: t.signers,
      KeyIDs: t.keyIds,
      State: t.state,
      Reason: t.reason,
    })),
    Problems: r.problems,
  };
}

export function formatMigrateJson(report: MigrateReport): string {
  return JSON.stringify(report.repositories.map(migrateJsonElement), null, 4) + '\n';
}

const COUNTED: MigrateState[] = ['migrated', 'planned', 'already', 'needs-key', 'missing', 'unsigned'];
const WORDS: Record<MigrateState, string> = {
  migrated: 'migrated',
  planned: 'to migrate',
  already: 'already there',
  'needs-key': 'need a key held elsewhere',
  missing: 'signed manifest gone from the registry',
  unsigned: 'unsigned tags (nothing to carry over)',
};

/** Counts of rows per state, in a fixed order, only the states present. */
export function migrateSummary(report: MigrateReport): string {
  const n = new Map<MigrateState, number>();
  for (const r of report.repositories) for (const t of r.rows) n.set(t.state, (n.get(t.state) ?? 0) + 1);
  return COUNTED.filter((s) => n.has(s))
    .map((s) => `${n.get(s)} ${WORDS[s]}`)
    .join(', ');
}

const short = (hex: string | null): string => (hex ? hex.slice(0, 12) : '-');

export function formatMigrateText(report: MigrateReport): string {
  let out = '';
  for (const r of report.repositories) {
    out += `\n${r.name}${r.server ? ` (signatures from ${r.server})` : ''}\n\n`;
    if (r.rows.length > 0) {
      out += tabwrite([
        ['TAG', 'SIGNED DIGEST', 'SIGNER', 'KEY', 'STATE', 'REASON'],
        ...r.rows.map((t) => [
          t.tag,
          short(t.signedDigest),
          t.signers.join(', ') || '-',
          t.keyIds[0]?.slice(0, 12) ?? '-',
          t.state,
          t.reason,
        ]),
      ]);
    }
    for (const p of r.problems) out += `problem: ${p}\n`;
  }
  const summary = migrateSummary(report);
  if (summary) out += `\n${report.dryRun ? 'Dry run (nothing written): ' : ''}${summary}\n`;
  return out;
}

/**
 * 0: every DCT signature is in cosign (migrated or already; with --dry-run: can be); 1: some are
 * left (a key held elsewhere, a manifest gone, a repository that failed, a write that failed); 2:
 * nothing could run.
 */
export function migrateExitCode(report: MigrateReport): number {
  if (report.repositories.length === 0) return 2;
  const left = report.repositories.some(
    (r) =>
      r.problems.length > 0 ||
      r.rows.some((t) => t.state === 'needs-key' || t.state === 'missing' || (t.state === 'planned' && !report.dryRun)),
  );
  return left || report.failedTargets.length > 0 ? 1 : 0;
}
