/**
 * A repository's plan or result as `signet migrate` prints it: one row per tag and signer (core's
 * order), its signed digest, signer, DCT role, key, state and reason; then its problems.
 */
import { useMemo, type ReactNode } from 'react';
import type { MigrateRepositoryDTO, MigrateRowDTO, MigrateState } from '../../../electron/ipc/contract.ts';
import { Badge, type Tone } from '../../components/badges.tsx';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { IdChip, IdList } from '../../components/id-chip.tsx';
import { RepoName } from '../../components/repo-name.tsx';

/** What each state means, in the words of `signet migrate`'s summary. */
export const STATE_LABEL: Record<MigrateState, string> = {
  planned: 'to migrate',
  migrated: 'migrated',
  already: 'already there',
  'needs-key': 'key held elsewhere',
  missing: 'manifest gone',
  unsigned: 'unsigned',
};

const STATE_HELP: Record<MigrateState, string> = {
  planned: 'A cosign signature will be made with this key (nothing is written in a plan)',
  migrated: 'A cosign signature by this key is now on the signed digest',
  already: 'A cosign signature by this key was on the signed digest already: nothing was added',
  'needs-key': 'The signer’s key is not on this computer: its holder runs the same migration',
  missing: 'The registry no longer has the signed manifest: there is nothing to sign',
  unsigned: 'DCT signs no digest for this tag: nothing is carried over',
};

const TONE: Record<MigrateState, Tone> = {
  planned: 'info',
  migrated: 'ok',
  already: 'ok',
  'needs-key': 'warning',
  missing: 'error',
  unsigned: 'neutral',
};

export function MigrateStateBadge({ state }: { state: MigrateState }): ReactNode {
  return (
    <span title={STATE_HELP[state]} data-state={state}>
      <Badge tone={TONE[state]}>{STATE_LABEL[state]}</Badge>
    </span>
  );
}

const COLUMNS: Column<MigrateRowDTO>[] = [
  {
    id: 'tag',
    header: 'Tag',
    width: '8%',
    cell: (r) => <span className="tag-name">{r.tag}</span>,
    sortValue: (r) => r.tag,
  },
  {
    id: 'digest',
    header: 'Signed digest',
    width: '15%',
    cell: (r) =>
      r.signedDigest === null ? <span className="muted">none</span> : <IdChip value={r.signedDigest} kind="digest" />,
    sortValue: (r) => r.signedDigest ?? '',
    sortKind: 'text',
  },
  {
    id: 'signer',
    header: 'Signer',
    width: '10%',
    cell: (r) => <span title={r.signers.join(', ')}>{r.signers.join(', ') || '–'}</span>,
    sortValue: (r) => r.signers.join(', '),
  },
  {
    id: 'role',
    header: 'Role',
    width: '13%',
    cell: (r) => <span title={r.role}>{r.role ?? '–'}</span>,
    sortValue: (r) => r.role ?? '',
  },
  {
    id: 'key',
    header: 'Key',
    width: '15%',
    cell: (r) => <IdList values={r.keyIds} kind="key ID" />,
    sortValue: (r) => r.keyIds[0] ?? '',
    sortKind: 'text',
    filterText: (r) => r.keyIds.join(' '),
  },
  {
    id: 'state',
    header: 'State',
    width: '14%',
    cell: (r) => <MigrateStateBadge state={r.state} />,
    sortValue: (r) => STATE_LABEL[r.state],
  },
  {
    id: 'reason',
    header: 'Reason',
    width: '25%',
    cell: (r) => <span title={r.reason}>{r.reason}</span>,
    sortValue: (r) => r.reason,
  },
];

export function MigrateTable({ repository, dryRun }: { repository: MigrateRepositoryDTO; dryRun: boolean }): ReactNode {
  const rows = useMemo(() => repository.rows, [repository]);
  return (
    <section className="migrate-repo" aria-label={repository.name}>
      <h3 className="migrate-repo-name">
        <RepoName name={repository.name} />
      </h3>
      {repository.server && <p className="muted small-text">Signatures from {repository.server}</p>}
      <DataTable
        label={`${dryRun ? 'Plan' : 'Result'} for ${repository.name}`}
        noun="rows"
        rows={rows}
        columns={COLUMNS}
        rowKey={(r) => [r.tag, r.signers.join(','), r.signedDigest ?? '', r.role ?? ''].join('\u0000')}
        maxHeight={300}
        filterable={rows.length > 8}
        empty={<p className="muted">No tags: the registry lists none, and DCT signs none.</p>}
      />
      {repository.problems.length > 0 && (
        <ul className="migrate-problems" aria-label={`Problems of ${repository.name}`}>
          {repository.problems.map((p, i) => (
            <li key={i} role="alert">
              {p}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
