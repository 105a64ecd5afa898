/**
 * The Signed tags table's Registry column (matches / moved / missing / shadowed), the cosign badge
 * of a tag whose signature was carried over, and, beside the table, the registry's tags nobody
 * signed and the shadowed signatures: all from core's audit of that one repository (`audit:run`),
 * or from the Audit view's latest result. A result row is matched to a table row by (tag, digest).
 */
import { useMemo, type ReactNode } from 'react';
import type { AuditTag } from '../../../core/audit/types.ts';
import { Badge } from '../../components/badges.tsx';
import type { Column } from '../../components/data-table.tsx';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import type { SignedTagRow } from '../../lib/types.ts';
import { signedRowKey } from '../../lib/signed-rows.ts';
import { truncateId } from '../../lib/format.ts';
import { useApp } from '../../store/index.ts';
import { TagStateBadge } from './audit-repositories.tsx';
import { tagCounts } from '../../../core/audit/shape.ts';
import { TAG_STATE_LABEL } from './derive.ts';
import { AUTO_CHECK_MAX, useAutomaticRegistryCheck } from './auto-check.ts';
import './audit.css';

/**
 * The tag carries a cosign signature on its signed digest that verifies with these DCT keys (core's
 * audit: the repository key or a signer's), e.g. after "Migrate to cosign".
 */
export function CosignBadge({ keyIds }: { keyIds: readonly string[] }): ReactNode {
  const short = keyIds.map((k) => k.slice(0, 12)).join(', ');
  const text = `cosign signature verifies with ${keyIds.length === 1 ? 'key' : 'keys'} ${short}`;
  return (
    <span className="cosign-badge" title={`Carried over to cosign: a ${text}`} data-keys={keyIds.join(' ')}>
      <Badge tone="ok">cosign</Badge>
      <span className="sr-only"> ({text})</span>
    </span>
  );
}

const time = (ms: number): string => new Date(ms).toISOString().slice(11, 16) + ' UTC';

/** By signedRowKey: the DCT keys whose cosign signature on the signed digest verifies (from the latest registry check). */
export function useCosignKeys(gun: string): ReadonlyMap<string, readonly string[]> {
  const check = useApp((s) => s.registryChecks[gun]);
  return useMemo(
    () =>
      new Map(
        (check?.result?.tags ?? [])
          .filter((t) => t.cosign?.length)
          .map((t) => [signedRowKey(t.tag, t.signedDigest), t.cosign!]),
      ),
    [check],
  );
}

/** The Registry column for a repository's Signed tags table. */
export function useRegistryColumn(gun: string): Column<SignedTagRow> {
  const check = useApp((s) => s.registryChecks[gun]);
  return useMemo(() => {
    const byRow = new Map<string, AuditTag>(
      (check?.result?.tags ?? []).map((t) => [signedRowKey(t.tag, t.signedDigest), t]),
    );
    const none = check?.status === 'checking' ? 'checking…' : 'not checked';
    return {
      id: 'registry',
      header: 'Registry',
      width: '12%',
      cell: (r) => {
        const t = byRow.get(signedRowKey(r.tag, r.digest));
        return t ? <TagStateBadge state={t.state} shadowedBy={t.shadowedBy} /> : <span className="muted">{none}</span>;
      },
      sortValue: (r) => {
        const t = byRow.get(signedRowKey(r.tag, r.digest));
        return t ? TAG_STATE_LABEL[t.state] : none;
      },
    };
  }, [check]);
}

/** "Check against the registry", what the check found, and the registry's unsigned tags (each with Sign). */
export function RegistryCheckPanel({ gun, reference }: { gun: string; reference: string }): ReactNode {
  const check = useApp((s) => s.registryChecks[gun]);
  const checkRegistry = useApp((s) => s.checkRegistry);
  const openDialog = useApp((s) => s.openDialog);
  const automatic = useAutomaticRegistryCheck(gun, reference);
  const result = check?.result;
  const unsigned = result?.tags.filter((t) => t.state === 'unsigned') ?? [];
  const shadowed = result?.tags.filter((t) => t.state === 'shadowed') ?? [];
  const counts = result ? tagCounts(result) : undefined;
  const registryProblems =
    result?.problems.filter((p) => p.kind === 'registry-unreachable' || p.kind === 'registry-no-repository') ?? [];
  const checking = check?.status === 'checking';
  return (
    <section className="registry-check" aria-labelledby={`registry-check-${gun}`}>
      <div className="registry-check-head">
        <h3 id={`registry-check-${gun}`}>Registry</h3>
        <button type="button" className="small" onClick={() => void checkRegistry(gun)} disabled={checking}>
          {checking ? 'Checking…' : result ? 'Check again' : 'Check against the registry'}
        </button>
      </div>
      <p className="small-text" role="status">
        {checking
          ? 'Asking the registry which digest each tag serves…'
          : result && counts && check?.checkedAt
            ? result.registryChecked
              ? `Checked ${time(check.checkedAt)}: ${counts.ok} match, ${counts.moved} moved, ${counts.missing} missing, ${counts.shadowed > 0 ? `${counts.shadowed} shadowed, ` : ''}${counts.unsigned} unsigned.`
              : `Checked ${time(check.checkedAt)}: the registry could not be asked.`
            : automatic
              ? 'Not checked yet: compares every signed digest with what the registry serves now.'
              : `Not checked yet: with more than ${AUTO_CHECK_MAX} signed tags, checked on request (one request per tag).`}
      </p>
      {check?.status === 'error' && check.error && <ErrorExplanation error={check.error} />}
      {registryProblems.map((p, i) => (
        <div key={i} className="registry-check-problem">
          <p>{p.message}</p>
          <p>
            <strong>What to do:</strong> {p.fix}
          </p>
        </div>
      ))}
      {shadowed.length > 0 && (
        <>
          <h4>Signed, but shadowed ({shadowed.length})</h4>
          <p className="small-text muted">
            These tags are signed with another digest too; docker pull gets that one (it resolves a tag through
            targets/releases first, then targets), so these signatures are never used.
          </p>
          <ul className="shadowed-tags" aria-label={`Shadowed signatures of ${gun}`}>
            {shadowed.map((t) => (
              <li key={signedRowKey(t.tag, t.signedDigest)}>
                <code className="tag-name">{t.tag}</code> {truncateId(t.signedDigest ?? '')} signed by{' '}
                {t.signers.join(', ')}: shadowed, docker pull gets{' '}
                {t.shadowedBy ? truncateId(t.shadowedBy) : 'none of its signed digests'}
              </li>
            ))}
          </ul>
        </>
      )}
      {unsigned.length > 0 && (
        <>
          <h4>In the registry, not signed ({unsigned.length})</h4>
          <ul className="unsigned-tags" aria-label={`Unsigned tags of ${gun}`}>
            {unsigned.map((t) => (
              <li key={t.tag}>
                <code className="tag-name">{t.tag}</code>
                <button
                  type="button"
                  className="small"
                  aria-label={`Sign ${t.tag}`}
                  onClick={() => openDialog({ kind: 'sign-tag', reference, tag: t.tag })}
                >
                  Sign
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
