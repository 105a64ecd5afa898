/**
 * A repository's table panel (Signed tags, Signers): "<title> <repository>", or "<emptyTitle>
 * <repository>" with the action beside the heading when there are no rows; otherwise the table
 * with the action in its toolbar. Read-only (an opened archive): no action, no Actions column.
 */
import { useMemo, type ReactNode } from 'react';
import { DataTable, type DataTableProps } from './data-table.tsx';
import { RepoName } from './repo-name.tsx';
import { TablePanel } from './table-panel.tsx';

export function RepoTablePanel<T>({
  id,
  className,
  name,
  title,
  emptyTitle,
  action,
  readOnly,
  table,
  children,
}: {
  id: string;
  className?: string;
  /** The repository as the view names it. */
  name: string;
  title: string;
  emptyTitle: string;
  action: ReactNode;
  readOnly: boolean;
  table: Omit<DataTableProps<T>, 'toolbar'>;
  /** Shown under the table (or under the heading when it is empty). */
  children?: ReactNode;
}): ReactNode {
  const rows = table.rows.length;
  const columns = useMemo(
    () => (readOnly ? table.columns.filter((c) => c.id !== 'actions') : table.columns),
    [table.columns, readOnly],
  );
  return (
    <TablePanel
      id={id}
      {...(className ? { className } : {})}
      title={
        <>
          {rows > 0 ? title : emptyTitle} <RepoName name={name} />
        </>
      }
      action={rows === 0 && !readOnly && action}
    >
      {rows > 0 && <DataTable {...table} columns={columns} {...(readOnly ? {} : { toolbar: action })} />}
      {children}
    </TablePanel>
  );
}
