/**
 * Metadata details on demand, for auditors: every verified role file's version, expiry, threshold
 * and keys (TrustView.roles), and the raw JSON of each role file with its signatures
 * (`trust:rawMetadata`). The raw part is hidden when that call fails.
 */
import { useMemo, useState, type ReactNode } from 'react';
import type { RoleStatus, TrustView } from '../../lib/types.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { IdList } from '../../components/id-chip.tsx';
import { ExpiryCell } from '../../components/badges.tsx';
import { useApp } from '../../store/index.ts';
import { viewNow } from '../../lib/derive.ts';

interface Signature {
  keyid: string;
  method?: string;
}

function signaturesOf(json: string): Signature[] {
  try {
    const parsed = JSON.parse(json) as { signatures?: Signature[] };
    return Array.isArray(parsed.signatures) ? parsed.signatures : [];
  } catch {
    return [];
  }
}

function pretty(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

function RawRole({ role, json }: { role: string; json: string }): ReactNode {
  const sigs = signaturesOf(json);
  return (
    <details className="raw-role">
      <summary>
        {role}.json{' '}
        <span className="muted">
          ({sigs.length} signature{sigs.length === 1 ? '' : 's'})
        </span>
      </summary>
      {sigs.length > 0 && (
        <ul className="signature-list" aria-label={`Signatures of ${role}`}>
          {sigs.map((s, i) => (
            <li key={`${s.keyid}-${i}`}>
              key <code title={s.keyid}>{s.keyid}</code> {s.method ? <span className="muted">({s.method})</span> : null}
            </li>
          ))}
        </ul>
      )}
      <pre className="raw-json" tabIndex={0} aria-label={`Raw JSON of ${role}`}>
        {pretty(json)}
      </pre>
    </details>
  );
}

export function MetadataDetails({ reference, view }: { reference: string; view: TrustView }): ReactNode {
  const raw = useApp((s) => s.raw[reference]);
  const loadRaw = useApp((s) => s.loadRaw);
  const [open, setOpen] = useState(false);
  const now = viewNow(view);
  const columns = useMemo<Column<RoleStatus>[]>(
    () => [
      { id: 'role', header: 'Role', width: '22%', cell: (r) => r.role, sortValue: (r) => r.role },
      {
        id: 'version',
        header: 'Version',
        width: '10%',
        cell: (r) => r.version,
        sortValue: (r) => r.version,
        sortKind: 'number',
        align: 'end',
      },
      {
        id: 'expires',
        header: 'Expires',
        width: '28%',
        cell: (r) => (
          <ExpiryCell expires={r.expires} state={r.state} now={now} renewedByServer={r.renewal.by === 'server'} />
        ),
        sortValue: (r) => r.expires,
        sortKind: 'text',
      },
      {
        id: 'threshold',
        header: 'Threshold',
        width: '10%',
        cell: (r) => r.threshold,
        sortValue: (r) => r.threshold,
        sortKind: 'number',
        align: 'end',
      },
      {
        id: 'keys',
        header: 'Keys',
        width: '30%',
        cell: (r) => <IdList values={r.keyIds} kind="key ID" />,
        sortValue: (r) => r.keyIds.join(', '),
        sortKind: 'text',
      },
    ],
    [now],
  );
  return (
    <section className="panel" aria-labelledby="metadata-heading">
      <details
        open={open}
        onToggle={(e) => {
          const isOpen = (e.currentTarget as HTMLDetailsElement).open;
          setOpen(isOpen);
          if (isOpen && !raw) void loadRaw(reference);
        }}
      >
        <summary>
          <h2 id="metadata-heading" className="inline-heading">
            Metadata details
          </h2>{' '}
          <span className="muted">versions, expiry, thresholds, raw signed JSON</span>
        </summary>
        {open && (
          <>
            <DataTable
              label="Roles"
              noun="roles"
              rows={view.roles}
              columns={columns}
              rowKey={(r) => r.role}
              filterable={false}
              maxHeight={320}
            />
            {raw?.status === 'loading' && <p className="muted">Loading raw metadata…</p>}
            {raw?.status === 'ready' && raw.roles && (
              <div className="raw-list">
                <h3>Raw metadata</h3>
                {Object.entries(raw.roles).map(([role, json]) => (
                  <RawRole key={role} role={role} json={json} />
                ))}
              </div>
            )}
          </>
        )}
      </details>
    </section>
  );
}
