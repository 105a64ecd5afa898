/** The summary per registry: repositories signed and without trust data, problems, roles expiring and expired. */
import type { ReactNode } from 'react';
import type { TargetFailure } from '../../../core/audit/types.ts';
import type { RepositoryAudit } from '../../../electron/ipc/contract.ts';
import { summariesPerRegistry } from '../../../core/audit/shape.ts';

const COLUMNS = [
  ['repositories', 'Repositories'],
  ['signed', 'Signed'],
  ['unsigned', 'Unsigned'],
  ['problems', 'Problems'],
  ['expiring', 'Expiring'],
  ['expired', 'Expired'],
] as const;

export function AuditSummaryTable({
  repositories,
  failed,
}: {
  repositories: RepositoryAudit[];
  failed: TargetFailure[];
}): ReactNode {
  const rows = summariesPerRegistry(repositories, failed);
  if (rows.length === 0) return null;
  return (
    <table className="audit-summary">
      <caption>Summary per registry</caption>
      <thead>
        <tr>
          <th scope="col">Registry</th>
          {COLUMNS.map(([id, header]) => (
            <th key={id} scope="col" className="end">
              {header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(({ registry, summary }) => (
          <tr key={registry}>
            <th scope="row">{registry}</th>
            {COLUMNS.map(([id]) => (
              <td
                key={id}
                className={`end${summary[id] > 0 && ['problems', 'expiring', 'expired'].includes(id) ? ` audit-count-${id}` : ''}`}
              >
                {summary[id]}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
