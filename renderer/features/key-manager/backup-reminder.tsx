/** The backup reminder: root keys (first) never exported nor acknowledged. */
import { useEffect, useState, type ReactNode } from 'react';
import type { BackupReminderDTO } from '../../../electron/ipc/contract.ts';
import { useApp } from '../../store/index.ts';
import { useApi } from '../../api.ts';

export function BackupReminder(): ReactNode {
  const api = useApi();
  const keys = useApp((s) => s.keys);
  const openDialog = useApp((s) => s.openDialog);
  const [reminder, setReminder] = useState<BackupReminderDTO | null>(null);
  useEffect(() => {
    let live = true;
    api.keys.backupReminder().then(
      (r) => live && setReminder(r),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, keys]);
  const roots = (reminder?.pending ?? []).filter((k) => k.role === 'root');
  if (roots.length === 0) return null;
  return (
    <div className="banner banner-warning" role="status" aria-label="Backup reminder">
      <strong>Back up your root key{roots.length === 1 ? '' : 's'}.</strong>{' '}
      {roots.map((k) => k.id.slice(0, 12)).join(', ')} {roots.length === 1 ? 'has' : 'have'} never been exported. A lost
      root key cannot be recovered.{' '}
      <button type="button" className="small" onClick={() => openDialog({ kind: 'export-key', keyId: roots[0]!.id })}>
        Export {roots[0]!.id.slice(0, 7)}
      </button>{' '}
      <button
        type="button"
        className="small"
        onClick={() =>
          void api.keys
            .acknowledgeBackup({ keyIds: roots.map((k) => k.id) })
            .then(setReminder)
            .catch(() => undefined)
        }
      >
        I have a backup
      </button>
    </div>
  );
}
