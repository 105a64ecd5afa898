/**
 * "Keys": every key Signet can use, where it lives, and the repositories it can sign for. Readable
 * from 1024 px wide: rows grow instead of cutting (a repository name breaks only after a "/"), a
 * key's role sits above its ID, the place is one word (the rest in its tooltip) above the day it
 * was created, and the actions are icon buttons named in words.
 */
import { useP256Tokens } from '../key-manager/token-choice.tsx';
import { useEffect, useMemo, type ReactNode } from 'react';
import type { KeyInfoDTO } from '../../../electron/ipc/contract.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { IdChip } from '../../components/id-chip.tsx';
import { Badge } from '../../components/badges.tsx';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { RepoName } from '../../components/repo-name.tsx';
import { keyUsage } from '../../lib/derive.ts';
import { formatDate } from '../../lib/format.ts';
import { instantOf } from '../../../core/trust/policy.ts';
import { useApp } from '../../store/index.ts';
import { BackupReminder, KeyActions, KeyToolbar } from '../key-manager/key-manager.tsx';
import { locationLabel } from '../key-manager/shared.tsx';

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

/** The place in full, for the location's tooltip: the key's own words, and the trust dir's path (from app:info). */
function placeOf(k: KeyInfoDTO, trustDir: string | undefined): string {
  const where = k.where.charAt(0).toUpperCase() + k.where.slice(1);
  return k.location === 'trust-dir' && trustDir ? `${where}: ${trustDir}/private` : where;
}

function Repositories({ row }: { row: KeyRow }): ReactNode {
  if (row.repositories.length === 0)
    return <span className="muted">{row.role === 'root' ? 'repositories it is root of' : 'no loaded repository'}</span>;
  return (
    <ul className="key-repositories">
      {row.repositories.map((gun) => (
        <li key={gun}>
          <RepoName name={gun} />
        </li>
      ))}
    </ul>
  );
}

/** Role above its key ID: what a row is, and the ID that tells two keys of one role apart. */
function KeyCell({ row }: { row: KeyRow }): ReactNode {
  return (
    <>
      <span className="key-role">{row.role}</span>
      <IdChip value={row.id} kind="key ID" />
    </>
  );
}

/** The place in one word (in full in its tooltip), and since when the key is there. */
function StoredCell({ row, trustDir }: { row: KeyRow; trustDir: string | undefined }): ReactNode {
  const day = createdDay(row.created);
  return (
    <>
      <span className="key-location" title={placeOf(row, trustDir)}>
        {locationLabel(row)}
      </span>
      {day ? (
        <time className="muted small-text" dateTime={row.created} title={`Created ${formatDate(row.created)}`}>
          since {day}
        </time>
      ) : (
        <span className="muted small-text" title="Not recorded by this key's store">
          since —
        </span>
      )}
    </>
  );
}

/** A key on a token never leaves it, so there is nothing to export: no "not yet" nag for it. */
function BackedUpCell({ row }: { row: KeyRow }): ReactNode {
  if (row.location === 'hardware')
    return (
      <span
        className="muted small-text"
        title="A key on a hardware token never leaves it: back it up as the token's maker advises (a second token, or the software copy kept when it was copied there)."
      >
        not exportable
      </span>
    );
  return row.backedUp ? <Badge tone="ok">yes</Badge> : <Badge tone="warning">not yet</Badge>;
}

function useColumns(trustDir: string | undefined): Column<KeyRow>[] {
  // a key can be copied to a token only when one that can hold it is plugged in
  const hasTokens = useP256Tokens().length > 0;
  return useMemo<Column<KeyRow>[]>(
    () => [
      {
        id: 'key',
        header: 'Key',
        cell: (r) => <KeyCell row={r} />,
        sortValue: (r) => `${r.role} ${r.id}`,
        filterText: (r) => `${r.role} ${r.id}`,
      },
      {
        id: 'repos',
        header: 'Can sign for',
        cell: (r) => <Repositories row={r} />,
        sortValue: (r) => r.repositories.join(', '),
        filterText: (r) => [...r.repositories, r.gun ?? ''].join(' '),
      },
      {
        id: 'stored',
        header: 'Stored',
        cell: (r) => <StoredCell row={r} trustDir={trustDir} />,
        sortValue: (r) => `${locationLabel(r)} ${createdUtc(r.created) ?? ''}`,
        sortKind: 'text',
        filterText: (r) => `${locationLabel(r)} ${r.where} ${createdDay(r.created) ?? ''}`,
      },
      {
        id: 'backup',
        header: 'Backed up',
        cell: (r) => <BackedUpCell row={r} />,
        sortValue: (r) => (r.location === 'hardware' ? 'token' : r.backedUp ? 'yes' : 'no'),
      },
      { id: 'actions', header: 'Actions', cell: (r) => <KeyActions k={r} tokens={hasTokens} /> },
    ],
    [trustDir, hasTokens],
  );
}

export function Keys(): ReactNode {
  const keys = useApp((s) => s.keys);
  const status = useApp((s) => s.keysStatus);
  const error = useApp((s) => s.keysError);
  const loadKeys = useApp((s) => s.loadKeys);
  const views = useApp((s) => s.views);
  const trustDir = useApp((s) => s.appInfo?.trustDir);
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
  const columns = useColumns(trustDir);
  return (
    <section className="panel keys-panel" aria-labelledby="keys-heading">
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
        defaultSort={{ column: 'key', direction: 'ascending' }}
        empty={
          status === 'ready' ? (
            <p>No keys yet. Keys appear here once you sign, initialize a repository, or import keys.</p>
          ) : undefined
        }
        maxHeight={560}
        toolbar={<KeyToolbar />}
        wrap
      />
    </section>
  );
}
