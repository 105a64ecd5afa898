/** The sidebar's trust archives: the ones opened in this session, and "Open archive…". */
import type { ReactNode } from 'react';
import { Badge } from '../../components/badges.tsx';
import { useApp } from '../../store/index.ts';
import { archiveKey } from '../../store/history.ts';

export function ArchiveList(): ReactNode {
  const archives = useApp((s) => s.archives);
  const selected = useApp((s) => s.selected);
  const selectArchive = useApp((s) => s.selectArchive);
  const openDialog = useApp((s) => s.openDialog);
  const ids = Object.keys(archives);
  return (
    <section className="repo-group" aria-labelledby="archives-heading">
      <h2 id="archives-heading" className="group-heading">
        Trust archives
      </h2>
      {ids.length > 0 && (
        <ul>
          {ids.map((id) => (
            <li key={id}>
              <button
                type="button"
                className="repo-item"
                aria-current={selected === archiveKey(id) ? 'true' : undefined}
                onClick={() => selectArchive(id)}
                title={archives[id]!.archive.name}
              >
                <span className="repo-name">{archives[id]!.archive.gun}</span>
                <Badge tone="neutral">archive</Badge>
              </button>
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        className="secondary small open-archive"
        onClick={() => openDialog({ kind: 'open-archive' })}
      >
        Open archive…
      </button>
    </section>
  );
}
