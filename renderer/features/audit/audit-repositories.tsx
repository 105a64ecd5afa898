/**
 * Each audited repository: how its trust data was read, its tags' states against the registry,
 * its roles' expiry, and its problems in plain language with what to do (core's wording).
 */
import { useMemo, useState, type ReactNode } from 'react';
import type { AuditTag, TagState } from '../../../core/audit/types.ts';
import type { RepositoryAudit } from '../../../electron/ipc/contract.ts';
import { TablePanel } from '../../components/table-panel.tsx';
import { Badge, type Tone } from '../../components/badges.tsx';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { IdChip } from '../../components/id-chip.tsx';
import { formatDate } from '../../lib/format.ts';
import { pullText, signedRowKey } from '../../lib/signed-rows.ts';
import { useApp } from '../../store/index.ts';
import { tagCounts } from '../../../core/audit/shape.ts';
import { countLabel, ROLE_STATE_LABEL, TAG_STATE_HELP, TAG_STATE_LABEL, trustDataLabel } from './derive.ts';

export const TAG_TONE: Record<TagState, Tone> = {
  ok: 'ok',
  moved: 'error',
  missing: 'error',
  unsigned: 'warning',
  unchecked: 'neutral',
  shadowed: 'neutral',
};

/** A row's state; a shadowed one also says (to a screen reader, and in its tooltip) what docker pull gets instead. */
export function TagStateBadge({ state, shadowedBy }: { state: TagState; shadowedBy?: string | null }): ReactNode {
  const instead =
    state === 'shadowed' ? pullText({ pulled: false, pulledDigest: shadowedBy ?? null }).slice('shadowed'.length) : '';
  return (
    <span title={TAG_STATE_HELP[state]}>
      <Badge tone={TAG_TONE[state]}>
        {TAG_STATE_LABEL[state]}
        {instead && <span className="sr-only">{instead}</span>}
      </Badge>
    </span>
  );
}

const digest = (hex: string | null): ReactNode =>
  hex === null ? <span className="muted">none</span> : <IdChip value={hex} kind="digest" />;

const TAG_COLUMNS: Column<AuditTag>[] = [
  {
    id: 'tag',
    header: 'Tag',
    width: '11%',
    cell: (t) => <span className="tag-name">{t.tag}</span>,
    sortValue: (t) => t.tag,
  },
  {
    id: 'state',
    header: 'Registry',
    width: '16%',
    cell: (t) => <TagStateBadge state={t.state} shadowedBy={t.shadowedBy} />,
    sortValue: (t) => TAG_STATE_LABEL[t.state],
  },
  {
    id: 'signed',
    header: 'Signed digest',
    width: '25%',
    cell: (t) => digest(t.signedDigest),
    sortValue: (t) => t.signedDigest ?? '',
  },
  {
    id: 'served',
    header: 'Registry digest',
    width: '27%',
    cell: (t) => digest(t.registryDigest),
    sortValue: (t) => t.registryDigest ?? '',
  },
  {
    id: 'signers',
    header: 'Signers',
    width: '21%',
    cell: (t) => t.signers.join(', '),
    sortValue: (t) => t.signers.join(', '),
  },
];

function trustTone(r: RepositoryAudit): Tone {
  return r.trustData === 'verified'
    ? 'ok'
    : r.trustData === 'failed'
      ? 'error'
      : r.trustData === 'cached'
        ? 'warning'
        : 'neutral';
}

function RepositoryDetails({ r }: { r: RepositoryAudit }): ReactNode {
  const select = useApp((s) => s.select);
  return (
    <div className="audit-repo-body">
      <p className="small-text">
        <button type="button" className="link" onClick={() => select(r.name)}>
          Open {r.name}
        </button>{' '}
        <span className="muted">
          trust server {r.server || 'not configured'}
          {r.registryChecked ? '' : '; the registry was not checked'}
        </span>
      </p>
      {r.problems.length > 0 && (
        <ul className="audit-problems" aria-label={`Problems of ${r.name}`}>
          {r.problems.map((p, i) => (
            <li key={i}>
              <p className="audit-problem">{p.message}</p>
              {p.fix && (
                <p className="audit-fix">
                  <strong>What to do:</strong> {p.fix}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {r.tags.length > 0 && (
        <DataTable
          label={`Tags of ${r.name}`}
          noun="tags"
          rows={r.tags}
          columns={TAG_COLUMNS}
          rowKey={(t) => signedRowKey(t.tag, t.signedDigest)}
          filterable={r.tags.length > 12}
          maxHeight={320}
        />
      )}
      {r.roles.length > 0 && (
        <table className="audit-roles">
          <caption>Roles of {r.name}</caption>
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">Expires</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {r.roles.map((x) => (
              <tr key={x.role}>
                <th scope="row">{x.role}</th>
                <td>{x.expires ? <time dateTime={x.expires}>{formatDate(x.expires)}</time> : 'unknown'}</td>
                <td>
                  {x.state === 'ok' ? (
                    <span className="muted">{x.serverRenewed ? 'ok (renewed by the server)' : 'ok'}</span>
                  ) : (
                    <Badge tone={x.state === 'expired' ? 'error' : 'warning'}>{ROLE_STATE_LABEL[x.state]}</Badge>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function RepositoryResult({ r }: { r: RepositoryAudit }): ReactNode {
  const [open, setOpen] = useState(r.problems.length > 0);
  const counts = tagCounts(r);
  return (
    <li className="audit-repo">
      <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>
          <span className="audit-repo-name">{r.name}</span>
          <Badge tone={trustTone(r)}>{trustDataLabel(r)}</Badge>
          {(Object.keys(counts) as TagState[])
            .filter((s) => counts[s] > 0)
            .map((s) => (
              <Badge key={s} tone={TAG_TONE[s]}>
                {countLabel(s, counts[s])}
              </Badge>
            ))}
          {r.problems.length > 0 ? (
            <Badge tone="error">
              {r.problems.length} {r.problems.length === 1 ? 'problem' : 'problems'}
            </Badge>
          ) : (
            <Badge tone="ok">no problems</Badge>
          )}
        </summary>
        {open && <RepositoryDetails r={r} />}
      </details>
    </li>
  );
}

export function AuditRepositories({ repositories }: { repositories: RepositoryAudit[] }): ReactNode {
  const [onlyProblems, setOnlyProblems] = useState(false);
  const shown = useMemo(
    () => (onlyProblems ? repositories.filter((r) => r.problems.length > 0) : repositories),
    [repositories, onlyProblems],
  );
  return (
    <TablePanel
      id="audit-repositories-heading"
      title="Repositories"
      className="audit-repositories"
      action={
        <label className="audit-only-problems">
          <input type="checkbox" checked={onlyProblems} onChange={(e) => setOnlyProblems(e.target.checked)} /> Only
          those with problems
        </label>
      }
    >
      {shown.length === 0 ? (
        <p className="muted">
          {repositories.length === 0 ? 'No repository audited yet.' : 'No repository has a problem.'}
        </p>
      ) : (
        <ul className="audit-repo-list">
          {shown.map((r) => (
            <RepositoryResult key={r.name} r={r} />
          ))}
        </ul>
      )}
    </TablePanel>
  );
}
