/**
 * "Signed tags": docker trust inspect's SIGNED TAG | DIGEST | SIGNERS (natural tag order, "Repo
 * Admin" when only the repository key signed), plus the size, every role holding the tag,
 * whether one of its signers is you, and (once the registry was checked) a cosign badge on a tag
 * whose signature was carried over to cosign. A row is a (tag, digest): a tag signed with two
 * digests has two rows, and then a badge on each says which one docker pull gets (pulled) and
 * which it never uses (shadowed).
 */
import { RefusedTags } from './refused-tags.tsx';
import { useCallback, useMemo, type ReactNode } from 'react';
import type { SignedTagRow, TrustView } from '../../lib/types.ts';
import type { Column } from '../../components/data-table.tsx';
import { RepoTablePanel } from '../../components/repo-table-panel.tsx';
import { IdChip } from '../../components/id-chip.tsx';
import { Badge, PullBadge } from '../../components/badges.tsx';
import { formatSize, signersText } from '../../lib/format.ts';
import { localRoles } from '../../lib/derive.ts';
import { pullMarks, pullText, signedRowKey } from '../../lib/signed-rows.ts';
import { useApp } from '../../store/index.ts';
import { CosignBadge, RegistryCheckPanel, useCosignKeys, useRegistryColumn } from '../audit/registry-check.tsx';

/** performance.mark name the UI benchmark reads. */
export const MARK_PAINTED = 'signet:rows-painted';

export function SignedTags({
  reference,
  view,
  readOnly = false,
}: {
  reference: string;
  view: TrustView;
  /** No sign or revoke actions (an opened archive). */
  readOnly?: boolean;
}): ReactNode {
  const openDialog = useApp((s) => s.openDialog);
  const mine = useMemo(() => localRoles(view), [view]);
  const registryColumn = useRegistryColumn(view.gun);
  const cosign = useCosignKeys(view.gun);
  const marks = useMemo(() => pullMarks(view.signedTags), [view.signedTags]);
  const columns = useMemo<Column<SignedTagRow>[]>(
    () => [
      {
        id: 'tag',
        header: 'Signed tag',
        width: '16%',
        cell: (r) => {
          const key = signedRowKey(r.tag, r.digest);
          const keys = cosign.get(key);
          const mark = marks.get(key);
          return keys || mark ? (
            <span className="tag-cell">
              <span className="tag-name" title={r.tag}>
                {r.tag}
              </span>{' '}
              {mark && <PullBadge mark={mark} />}
              {keys && <CosignBadge keyIds={keys} />}
            </span>
          ) : (
            <span className="tag-name">{r.tag}</span>
          );
        },
        sortValue: (r) => r.tag,
        filterText: (r) => {
          const mark = marks.get(signedRowKey(r.tag, r.digest));
          return mark ? `${r.tag} ${pullText(mark)}` : r.tag;
        },
      },
      {
        id: 'digest',
        header: 'Digest',
        width: '16%',
        cell: (r) => <IdChip value={r.digest} kind="digest" />,
        sortValue: (r) => r.digest,
        sortKind: 'text',
      },
      {
        id: 'signers',
        header: 'Signers',
        width: '14%',
        cell: (r) => (
          <span
            title={
              r.signers.length === 0
                ? 'Signed with the repository (targets) key or a targets/releases key no named signer holds'
                : undefined
            }
          >
            {signersText(r.signers)}
          </span>
        ),
        sortValue: (r) => signersText(r.signers),
      },
      {
        id: 'size',
        header: 'Size',
        width: '8%',
        cell: (r) => <span title={`${r.size} bytes`}>{formatSize(r.size)}</span>,
        sortValue: (r) => r.size,
        sortKind: 'number',
        align: 'end',
      },
      {
        id: 'roles',
        header: 'Roles',
        width: '14%',
        cell: (r) => <span title={r.roles.join(', ')}>{r.roles.join(', ')}</span>,
        sortValue: (r) => r.roles.join(', '),
      },
      {
        id: 'yours',
        header: 'Yours',
        width: '7%',
        cell: (r) =>
          r.roles.some((role) => mine.has(role)) ? <Badge tone="info">you</Badge> : <span className="muted">no</span>,
        sortValue: (r) => (r.roles.some((role) => mine.has(role)) ? 'you' : 'no'),
      },
      registryColumn,
      {
        id: 'actions',
        header: 'Actions',
        width: '10%',
        cell: (r) => (
          <button type="button" className="small" onClick={() => openDialog({ kind: 'revoke', reference, tag: r.tag })}>
            Revoke
          </button>
        ),
      },
    ],
    [mine, openDialog, reference, registryColumn, cosign, marks],
  );
  const painted = useCallback(
    (n: number) => globalThis.performance?.mark?.(MARK_PAINTED, { detail: { reference, rows: n } }),
    [reference],
  );
  return (
    <RepoTablePanel
      id="signed-tags-heading"
      name={view.name}
      title="Signatures for"
      emptyTitle="No signatures for"
      readOnly={readOnly}
      action={
        <button type="button" onClick={() => openDialog({ kind: 'sign-tag', reference })}>
          Sign tag
        </button>
      }
      table={{
        label: 'Signed tags',
        noun: marks.size > 0 ? 'signed digests' : 'tags',
        rows: view.signedTags,
        columns,
        rowKey: (r) => signedRowKey(r.tag, r.digest),
        defaultSort: { column: 'tag', direction: 'ascending' },
        maxHeight: 460,
        onRowsPainted: painted,
      }}
    >
      <RefusedTags tags={view.refusedTags} />
      <RegistryCheckPanel gun={view.gun} reference={reference} />
    </RepoTablePanel>
  );
}
