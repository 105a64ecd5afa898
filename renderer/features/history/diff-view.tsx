/**
 * The difference between two points of a history (core's diffStates, computed in main): signed
 * tags added, removed or re-pointed (each row marked with words, not colour alone), signers
 * added, removed or changed, and rotated base-role keys, with who holds each key.
 */
import { useMemo, type ReactNode } from 'react';
import type { DiffDTO, KeyHolder } from '../../../electron/ipc/contract.ts';
import { Badge } from '../../components/badges.tsx';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { IdChip } from '../../components/id-chip.tsx';
import { formatTime } from './events.ts';
import { KeyRefs } from './key-ref.tsx';

type TagRow = DiffDTO['tags'][number];
type SignerRow = DiffDTO['signers'][number];
type KeyRow = DiffDTO['keys'][number];

const MARK: Record<string, { text: string; tone: 'ok' | 'error' | 'warning' }> = {
  'tag-added': { text: 'added', tone: 'ok' },
  'tag-removed': { text: 'removed', tone: 'error' },
  'tag-changed': { text: 'changed', tone: 'warning' },
  'signer-added': { text: 'added', tone: 'ok' },
  'signer-removed': { text: 'removed', tone: 'error' },
  'signer-changed': { text: 'changed', tone: 'warning' },
  'key-rotated': { text: 'keys replaced', tone: 'warning' },
};

const mark = (change: string): ReactNode => <Badge tone={MARK[change]!.tone}>{MARK[change]!.text}</Badge>;
const digest = (d: string | undefined): ReactNode =>
  d === undefined ? <span className="muted">—</span> : <IdChip value={d} kind="digest" />;
const paths = (p: readonly string[] | undefined): string =>
  !p || p.length === 0 ? '—' : p.length === 1 && p[0] === '' ? 'all paths' : p.join(', ');
const rowClass = (change: string): string => `diff-row diff-${MARK[change]?.text.split(' ')[0] ?? 'changed'}`;

function tagColumns(): Column<TagRow>[] {
  return [
    {
      id: 'change',
      header: 'Change',
      width: '14%',
      cell: (r) => mark(r.change),
      sortValue: (r) => MARK[r.change]!.text,
    },
    {
      id: 'tag',
      header: 'Signed tag',
      width: '16%',
      cell: (r) => <span className="tag-name">{r.tag}</span>,
      sortValue: (r) => r.tag,
    },
    { id: 'role', header: 'Role', width: '20%', cell: (r) => r.role, sortValue: (r) => r.role },
    {
      id: 'before',
      header: 'Digest before',
      width: '25%',
      cell: (r) => digest(r.previousDigest),
      sortValue: (r) => r.previousDigest ?? '',
      sortKind: 'text',
    },
    {
      id: 'after',
      header: 'Digest after',
      width: '25%',
      cell: (r) => digest(r.digest),
      sortValue: (r) => r.digest ?? '',
      sortKind: 'text',
    },
  ];
}

function signerColumns(holders: Record<string, KeyHolder>): Column<SignerRow>[] {
  return [
    {
      id: 'change',
      header: 'Change',
      width: '12%',
      cell: (r) => mark(r.change),
      sortValue: (r) => MARK[r.change]!.text,
    },
    { id: 'signer', header: 'Signer', width: '13%', cell: (r) => r.signer, sortValue: (r) => r.signer },
    { id: 'parent', header: 'Delegated by', width: '16%', cell: (r) => r.parent, sortValue: (r) => r.parent },
    {
      id: 'before',
      header: 'Keys before',
      width: '17%',
      cell: (r) => <KeyRefs ids={r.keys.before} holders={holders} />,
      sortValue: (r) => r.keys.before.join(', '),
      sortKind: 'text',
    },
    {
      id: 'after',
      header: 'Keys after',
      width: '17%',
      cell: (r) => <KeyRefs ids={r.keys.after} holders={holders} />,
      sortValue: (r) => r.keys.after.join(', '),
      sortKind: 'text',
    },
    {
      id: 'paths',
      header: 'Paths',
      width: '12%',
      cell: (r) =>
        r.change === 'signer-changed' && r.paths
          ? `${paths(r.paths.before)} → ${paths(r.paths.after)}`
          : paths(r.paths?.after ?? r.paths?.before),
      sortValue: (r) => paths(r.paths?.after),
    },
    {
      id: 'threshold',
      header: 'Threshold',
      width: '13%',
      cell: (r) =>
        !r.threshold
          ? '—'
          : r.change === 'signer-changed'
            ? `${r.threshold.before ?? '–'} → ${r.threshold.after ?? '–'}`
            : String(r.threshold.after ?? r.threshold.before ?? '—'),
      sortValue: (r) => r.threshold?.after ?? 0,
      sortKind: 'number',
    },
  ];
}

function keyColumns(holders: Record<string, KeyHolder>): Column<KeyRow>[] {
  return [
    { id: 'role', header: 'Role', width: '16%', cell: (r) => r.role, sortValue: (r) => r.role },
    { id: 'change', header: 'Change', width: '16%', cell: (r) => mark(r.change) },
    {
      id: 'before',
      header: 'Keys before',
      width: '34%',
      cell: (r) => <KeyRefs ids={r.keys.before} holders={holders} />,
    },
    { id: 'after', header: 'Keys after', width: '34%', cell: (r) => <KeyRefs ids={r.keys.after} holders={holders} /> },
  ];
}

export function DiffView({ diff }: { diff: DiffDTO }): ReactNode {
  const tags = useMemo(tagColumns, []);
  const signers = useMemo(() => signerColumns(diff.keyHolders), [diff.keyHolders]);
  const keys = useMemo(() => keyColumns(diff.keyHolders), [diff.keyHolders]);
  const at = (p: DiffDTO['from']): string => `publish ${p.publish} (${formatTime(p.time)})`;
  const none = diff.tags.length + diff.signers.length + diff.keys.length === 0;
  return (
    <div className="diff-result" aria-live="polite">
      <h3 id="diff-result-heading">
        Differences from {at(diff.from)} to {at(diff.to)}
      </h3>
      {none ? (
        <p role="status">No differences: the signed tags, signers and keys are the same at both points.</p>
      ) : (
        <p className="muted">
          {diff.tags.length} signed tag change{diff.tags.length === 1 ? '' : 's'}, {diff.signers.length} signer change
          {diff.signers.length === 1 ? '' : 's'}, {diff.keys.length} key change{diff.keys.length === 1 ? '' : 's'}
        </p>
      )}
      {diff.tags.length > 0 && <h4>Signed tags</h4>}
      {diff.tags.length > 0 && (
        <DataTable
          label="Signed tag changes"
          noun="changes"
          rows={diff.tags}
          columns={tags}
          rowKey={(r) => `${r.role} ${r.tag}`}
          rowClassName={(r) => rowClass(r.change)}
          filterable={diff.tags.length > 10}
          maxHeight={360}
        />
      )}
      {diff.signers.length > 0 && <h4>Signers</h4>}
      {diff.signers.length > 0 && (
        <DataTable
          label="Signer changes"
          noun="changes"
          rows={diff.signers}
          columns={signers}
          rowKey={(r) => `${r.parent} ${r.signer}`}
          rowClassName={(r) => rowClass(r.change)}
          filterable={false}
          maxHeight={260}
        />
      )}
      {diff.keys.length > 0 && <h4>Keys of the repository&apos;s roles</h4>}
      {diff.keys.length > 0 && (
        <DataTable
          label="Key changes"
          noun="changes"
          rows={diff.keys}
          columns={keys}
          rowKey={(r) => r.role}
          rowClassName={(r) => rowClass(r.change)}
          filterable={false}
          maxHeight={200}
        />
      )}
      {diff.notes.length > 0 && (
        <ul className="banner banner-info" aria-label="Notes on the comparison">
          {diff.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
