/**
 * "Administrative keys": docker's Repository Key and Root Key, plus the snapshot and timestamp
 * keys, who holds each (you, the server, nobody), each role's expiry and the root certificate's validity.
 */
import { useHardwareLabel } from '../key-manager/shared.tsx';
import { useCallback, useMemo, type ReactNode } from 'react';
import type { AdminKey, RoleStatus, TrustView } from '../../lib/types.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { IdChip } from '../../components/id-chip.tsx';
import { Badge, ExpiryCell } from '../../components/badges.tsx';
import { formatDate } from '../../lib/format.ts';
import { viewNow } from '../../lib/derive.ts';
import { RepoName } from '../../components/repo-name.tsx';

export interface AdminKeyRow {
  /** "Root", "Repository", "Snapshot", "Timestamp" (docker's names for the first two). */
  name: string;
  role: 'root' | 'targets' | 'snapshot' | 'timestamp';
  key: AdminKey;
  /** The role's file (core's expiry state with it), when verified. */
  status?: RoleStatus;
  renewedByServer: boolean;
}

const HOLDER: Record<AdminKey['holder'], { text: string; tone: 'info' | 'neutral' | 'warning' }> = {
  local: { text: 'you (this computer)', tone: 'info' },
  server: { text: 'the server', tone: 'neutral' },
  unknown: { text: 'not on this computer', tone: 'warning' },
};

export function adminKeyRows(view: TrustView): AdminKeyRow[] {
  const statusOf = new Map(view.roles.map((r) => [r.role, r]));
  const a = view.administrativeKeys;
  const rows: AdminKeyRow[] = [];
  const push = (name: string, role: AdminKeyRow['role'], keys: AdminKey[]): void => {
    for (const key of keys)
      rows.push({
        name,
        role,
        key,
        renewedByServer: statusOf.get(role)?.renewal.by === 'server',
        ...(statusOf.get(role) ? { status: statusOf.get(role)! } : {}),
      });
  };
  push('Repository', 'targets', a.repository);
  push('Root', 'root', a.root);
  push('Snapshot', 'snapshot', a.snapshot);
  push('Timestamp', 'timestamp', a.timestamp);
  return rows;
}

function Certificate({ cert }: { cert: NonNullable<AdminKey['certificate']> }): ReactNode {
  const status = cert.state;
  return (
    <span title={`CN=${cert.commonName}, valid ${cert.notBefore} to ${cert.notAfter}`}>
      {formatDate(cert.notBefore).slice(0, 10)} – {formatDate(cert.notAfter).slice(0, 10)}{' '}
      {status === 'expired' ? (
        <Badge tone="error">certificate expired</Badge>
      ) : status === 'expiring' ? (
        <Badge tone="warning">certificate expiring</Badge>
      ) : null}
    </span>
  );
}

export function AdminKeys({ view }: { view: TrustView }): ReactNode {
  const rows = useMemo(() => adminKeyRows(view), [view]);
  const now = viewNow(view);
  const hardware = useHardwareLabel();
  // a key of yours on a token: "you (hardware: <label>)"
  const holderText = useCallback(
    (r: AdminKeyRow): string => {
      const hw = r.key.holder === 'local' ? hardware([r.key.canonicalId]) : undefined;
      return hw ? `you (${hw})` : HOLDER[r.key.holder].text;
    },
    [hardware],
  );
  const columns = useMemo<Column<AdminKeyRow>[]>(
    () => [
      { id: 'name', header: 'Key', width: '12%', cell: (r) => `${r.name} key`, sortValue: (r) => r.name },
      {
        id: 'id',
        header: 'Key ID',
        width: '16%',
        cell: (r) => <IdChip value={r.key.id} kind="key ID" />,
        sortValue: (r) => r.key.id,
        sortKind: 'text',
        filterText: (r) => `${r.key.id} ${r.key.canonicalId}`,
      },
      { id: 'type', header: 'Type', width: '10%', cell: (r) => r.key.keytype, sortValue: (r) => r.key.keytype },
      {
        id: 'holder',
        header: 'Held by',
        width: '17%',
        cell: (r) => (
          <Badge tone={HOLDER[r.key.holder].tone} wrap>
            {holderText(r)}
          </Badge>
        ),
        sortValue: (r) => holderText(r),
      },
      {
        id: 'expires',
        header: 'Role expires',
        width: '25%',
        cell: (r) => (
          <ExpiryCell
            expires={r.status?.expires}
            state={r.status?.state}
            now={now}
            renewedByServer={r.renewedByServer}
          />
        ),
        sortValue: (r) => r.status?.expires ?? '',
        sortKind: 'text',
      },
      {
        id: 'cert',
        header: 'Root certificate',
        width: '20%',
        cell: (r) => (r.key.certificate ? <Certificate cert={r.key.certificate} /> : <span className="muted">—</span>),
        sortValue: (r) => r.key.certificate?.notAfter ?? '',
        sortKind: 'text',
      },
    ],
    [now, holderText],
  );
  return (
    <section aria-labelledby="admin-keys-heading" className="panel">
      <h2 id="admin-keys-heading">
        Administrative keys for <RepoName name={view.name} />
      </h2>
      <DataTable
        label="Administrative keys"
        noun="keys"
        rows={rows}
        columns={columns}
        rowKey={(r) => `${r.role}:${r.key.id}`}
        filterable={false}
        maxHeight={260}
        // four keys: rows grow so a holder ("hardware: <token>") or a date is never cut
        wrap
      />
    </section>
  );
}
