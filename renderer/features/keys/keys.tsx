/** "Keys": every key Signet can use, where it lives, and the repositories it can sign for. */
import { useEffect, useMemo, type ReactNode } from 'react';
import type { KeyInfoDTO } from '../../../electron/ipc/contract.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { IdChip } from '../../components/id-chip.tsx';
import { Badge } from '../../components/badges.tsx';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { keyUsage } from '../../lib/derive.ts';
import { formatDate } from '../../lib/format.ts';
import { instantOf } from '../../../core/trust/policy.ts';
import { useApp } from '../../store/index.ts';
import { BackupReminder, KeyActions, KeyToolbar } from '../key-manager/key-manager.tsx';

const LOCATION: Record<KeyInfoDTO['location'], string> = {
  keychain: 'OS keychain',
  'trust-dir': 'docker trust dir',
  memory: 'memory (this session)',
};

/** `created` (RFC 3339) in UTC, "2026-11-27T14:03:09.000Z"; undefined when unknown or unreadable. */
function createdUtc(created: string | undefined): string | undefined {
  const t = instantOf(created);
  return t === null ? undefined : new Date(t).toISOString();
}
/** `created` → its UTC day, "2026-11-27". */
const createdDay = (created: string | undefined): string | undefined => createdUtc(created)?.slice(0, 10);

interface KeyRow extends KeyInfoDTO {
  repositories: string[];
}

export function Keys(): ReactNode {
  const keys = useApp((s) => s.keys);
  const status = useApp((s) => s.keysStatus);
  const error = useApp((s) => s.keysError);
  const loadKeys = useApp((s) => s.loadKeys);
  const views = useApp((s) => s.views);
  useEffect(() => {
    if (status === 'idle') void loadKeys();
  }, [status, loadKeys]);
  const rows = useMemo<KeyRow[]>(() => {
    const usage = keyUsage(views);
    return keys.map((k) => {
      const repos = new Set(usage.get(k.id) ?? []);
      if (k.gun) repos.add(k.gun);
      return { ...k, repositories: [...repos].sort() };
    });
  }, [keys, views]);
  const columns = useMemo<Column<KeyRow>[]>(
    () => [
      { id: 'role', header: 'Role', width: '8%', cell: (r) => r.role, sortValue: (r) => r.role },
      {
        id: 'gun',
        header: 'GUN',
        width: '16%',
        cell: (r) => r.gun ?? <span className="muted">any</span>,
        sortValue: (r) => r.gun ?? '',
      },
      {
        id: 'id',
        header: 'Key ID',
        width: '13%',
        cell: (r) => <IdChip value={r.id} kind="key ID" />,
        sortValue: (r) => r.id,
        sortKind: 'text',
      },
      {
        id: 'location',
        header: 'Location',
        width: '11%',
        cell: (r) => <span title={r.where}>{LOCATION[r.location]}</span>,
        sortValue: (r) => LOCATION[r.location],
        filterText: (r) => `${LOCATION[r.location]} ${r.where}`,
      },
      {
        id: 'created',
        header: 'Created',
        width: '6%',
        cell: (r) => {
          const day = createdDay(r.created);
          return day ? (
            <time dateTime={r.created} title={formatDate(r.created)}>
              {day}
            </time>
          ) : (
            <span className="muted" title="Not recorded by this key's store">
              —
            </span>
          );
        },
        sortValue: (r) => createdUtc(r.created) ?? '',
        sortKind: 'text',
        filterText: (r) => createdDay(r.created) ?? '',
      },
      {
        id: 'repos',
        header: 'Can sign for',
        width: '14%',
        cell: (r) =>
          r.repositories.length > 0 ? (
            r.repositories.join(', ')
          ) : (
            <span className="muted">{r.role === 'root' ? 'repositories it is root of' : 'no loaded repository'}</span>
          ),
        sortValue: (r) => r.repositories.join(', '),
      },
      {
        id: 'backup',
        header: 'Backed up',
        width: '10%',
        cell: (r) => (r.backedUp ? <Badge tone="ok">yes</Badge> : <Badge tone="warning">not yet</Badge>),
        sortValue: (r) => (r.backedUp ? 'yes' : 'no'),
      },
      { id: 'actions', header: 'Actions', width: '22%', cell: (r) => <KeyActions k={r} /> },
    ],
    [],
  );
  return (
    <section className="panel" aria-labelledby="keys-heading">
      <div className="panel-head">
        <h2 id="keys-heading">Keys</h2>
        <button type="button" onClick={() => void loadKeys()}>
          Refresh keys
        </button>
      </div>
      <BackupReminder />
      {error && <ErrorExplanation error={error} heading="Signet could not list the keys." />}
      {status === 'loading' && keys.length === 0 && <p role="status">Loading keys…</p>}
      <DataTable
        label="Keys"
        noun="keys"
        rows={rows}
        columns={columns}
        rowKey={(r) => `${r.location}:${r.id}`}
        defaultSort={{ column: 'role', direction: 'ascending' }}
        empty={
          status === 'ready' ? (
            <p>No keys yet. Keys appear here once you sign, initialize a repository, or import keys.</p>
          ) : undefined
        }
        maxHeight={560}
        toolbar={<KeyToolbar />}
      />
    </section>
  );
}
