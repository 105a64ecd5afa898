/** "Signers": docker's SIGNER | KEYS (12-character IDs) plus paths, threshold, the role's expiry and whether you hold a key. */
import { useMemo, type ReactNode } from 'react';
import type { SignerRow, TrustView } from '../../lib/types.ts';
import type { Column } from '../../components/data-table.tsx';
import { RepoTablePanel } from '../../components/repo-table-panel.tsx';
import { IdList } from '../../components/id-chip.tsx';
import { Badge, ExpiryCell } from '../../components/badges.tsx';
import { useApp } from '../../store/index.ts';
import { viewNow } from '../../lib/derive.ts';
import { useHardwareLabel } from '../key-manager/shared.tsx';

export function Signers({
  reference,
  view,
  readOnly = false,
}: {
  reference: string;
  view: TrustView;
  /** No add or remove actions (an opened archive). */
  readOnly?: boolean;
}): ReactNode {
  const openDialog = useApp((s) => s.openDialog);
  const hardware = useHardwareLabel();
  const now = viewNow(view);
  const columns = useMemo<Column<SignerRow>[]>(
    () => [
      { id: 'name', header: 'Signer', width: '12%', cell: (r) => r.name, sortValue: (r) => r.name },
      {
        id: 'keys',
        header: 'Keys',
        width: '18%',
        cell: (r) => <IdList values={[...r.keyIds].sort()} kind="key ID" />,
        sortValue: (r) => [...r.keyIds].sort().join(', '),
        sortKind: 'text',
      },
      {
        id: 'paths',
        header: 'Paths',
        width: '10%',
        cell: (r) => (r.paths.length === 1 && r.paths[0] === '' ? 'all paths' : r.paths.join(', ')),
        sortValue: (r) => r.paths.join(', '),
      },
      {
        id: 'threshold',
        header: 'Threshold',
        width: '10%',
        cell: (r) => `${r.threshold} of ${r.keyIds.length}`,
        sortValue: (r) => r.threshold,
        sortKind: 'number',
        align: 'end',
      },
      {
        id: 'expires',
        header: 'Expires',
        width: '26%',
        cell: (r) =>
          r.skipped ? (
            <Badge tone="error" title={r.skipped}>
              not trusted: {r.skipped}
            </Badge>
          ) : (
            <ExpiryCell expires={r.expires} state={r.state} now={now} />
          ),
        sortValue: (r) => r.expires ?? '',
        sortKind: 'text',
      },
      {
        id: 'yours',
        header: 'Your key',
        width: '13%',
        cell: (r) => {
          if (r.localKeyIds.length === 0) return <span className="muted">no</span>;
          // a key of yours on a token: where it is, in full in the tooltip when the column is narrow
          const hw = hardware(r.localKeyIds);
          return hw ? (
            <Badge tone="info" wrap title={`yours, on the ${hw.replace(/^hardware: /, 'hardware token ')}`}>
              {hw}
            </Badge>
          ) : (
            <Badge tone="info">yours</Badge>
          );
        },
        sortValue: (r) => (r.localKeyIds.length > 0 ? 'yes' : 'no'),
      },
      {
        id: 'actions',
        header: 'Actions',
        width: '11%',
        cell: (r) => (
          <button
            type="button"
            className="small"
            onClick={() => openDialog({ kind: 'remove-signer', reference, name: r.name })}
          >
            Remove signer
          </button>
        ),
      },
    ],
    [openDialog, reference, now, hardware],
  );
  return (
    <RepoTablePanel
      id="signers-heading"
      className="signers-panel"
      name={view.name}
      title="List of signers and their keys for"
      emptyTitle="No signers for"
      readOnly={readOnly}
      action={
        <button type="button" onClick={() => openDialog({ kind: 'add-signer', reference })}>
          Add signer
        </button>
      }
      table={{
        label: 'Signers',
        noun: 'signers',
        rows: view.signers,
        columns,
        rowKey: (r) => r.role,
        defaultSort: { column: 'name', direction: 'ascending' },
        maxHeight: 300,
        // a few signers: rows grow so their keys' place ("hardware: <token>") is never cut
        wrap: true,
      }}
    />
  );
}
