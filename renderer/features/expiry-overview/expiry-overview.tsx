/** Everything that expires, across every loaded repository, soonest first. */
import { useMemo, type ReactNode } from 'react';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { Badge, ExpiryCell } from '../../components/badges.tsx';
import { expiryItems, type ExpiryItem } from '../../lib/derive.ts';
import { useApp } from '../../store/index.ts';
import { DEFAULT_WARN_DAYS } from '../../../core/trust/policy.ts';

export function ExpiryOverview(): ReactNode {
  const views = useApp((s) => s.views);
  const select = useApp((s) => s.select);
  const rows = useMemo(
    () => Object.entries(views).flatMap(([ref, e]) => (e.view ? expiryItems(ref, e.view) : [])),
    [views],
  );
  const counts = useMemo(
    () => ({
      expired: rows.filter((r) => r.state === 'expired').length,
      expiring: rows.filter((r) => r.state === 'expiring').length,
      // every view is computed with the policy's default window; say which
      warnDays: Object.values(views).find((e) => e.view)?.view?.warnDays ?? DEFAULT_WARN_DAYS,
    }),
    [rows, views],
  );
  const columns = useMemo<Column<ExpiryItem>[]>(
    () => [
      {
        id: 'repo',
        header: 'Repository',
        width: '32%',
        cell: (r) => (
          <button type="button" className="link" onClick={() => select(r.reference)}>
            {r.gun}
          </button>
        ),
        sortValue: (r) => r.gun,
      },
      { id: 'what', header: 'What expires', width: '22%', cell: (r) => r.what, sortValue: (r) => r.what },
      {
        id: 'expires',
        header: 'Expires',
        width: '34%',
        cell: (r) => <ExpiryCell expires={r.expires} state={r.state} now={r.now} renewedByServer={r.renewedByServer} />,
        sortValue: (r) => r.expires,
        sortKind: 'text',
      },
      {
        id: 'status',
        header: 'Status',
        width: '12%',
        cell: (r) =>
          r.state === 'expired' ? (
            <Badge tone="error">expired</Badge>
          ) : r.state === 'expiring' ? (
            <Badge tone="warning">expiring</Badge>
          ) : (
            <Badge tone="ok">valid</Badge>
          ),
        sortValue: (r) => r.state,
      },
    ],
    [select],
  );
  return (
    <section className="panel" aria-labelledby="expiry-heading">
      <h2 id="expiry-heading">Expiry overview</h2>
      <p className="muted">
        Every role’s signed metadata and every root certificate in the repositories loaded so far (and, for those on
        Docker Hub, the day its notary stops). {counts.expired} expired, {counts.expiring} expiring within{' '}
        {counts.warnDays} days.
      </p>
      <DataTable
        label="Expiry overview"
        noun="items"
        rows={rows}
        columns={columns}
        rowKey={(r) => `${r.reference}\u0000${r.what}`}
        defaultSort={{ column: 'expires', direction: 'ascending' }}
        empty={<p>No repository loaded yet: add or open one to see its expiry dates.</p>}
        maxHeight={560}
      />
    </section>
  );
}
