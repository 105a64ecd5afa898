/** What the key dialogs share: labels, the key a dialog is about, the refresh after a change, the "where the keys landed" table. */
import { useCallback, type ReactNode } from 'react';
import type { KeyInfoDTO } from '../../../electron/ipc/contract.ts';
import { useApp } from '../../store/index.ts';

/** Where a key is kept, in one short word (the key's `where` says it in full). */
export const LOCATION: Record<KeyInfoDTO['location'], string> = {
  keychain: 'keychain',
  'trust-dir': 'trust dir',
  memory: 'memory',
  hardware: 'hardware',
};
/** Where a key is kept, short: "hardware: <token label>" for a key on a token, "(not inserted)" when it is out. */
export const locationLabel = (k: Pick<KeyInfoDTO, 'location' | 'token' | 'absent'>): string =>
  k.location === 'hardware' && k.token
    ? `hardware: ${k.token}${k.absent ? ' (not inserted)' : ''}`
    : LOCATION[k.location];
export const roleLabel = (role: string): string => (role === 'targets' ? 'repository (targets)' : role);

/** "hardware: <label>" for the first of `ids` on a token (from the Keys list), else undefined. */
export function useHardwareLabel(): (ids: readonly string[]) => string | undefined {
  const keys = useApp((s) => s.keys);
  return useCallback(
    (ids) => {
      const k = keys.find((x) => x.location === 'hardware' && ids.includes(x.id));
      return k ? locationLabel(k) : undefined;
    },
    [keys],
  );
}

/** After any key change: the keys table, and the views (which keys are "yours"). */
export function useRefreshAfterKeys(): () => void {
  const loadKeys = useApp((s) => s.loadKeys);
  const loadView = useApp((s) => s.loadView);
  const selected = useApp((s) => s.selected);
  return useCallback(() => {
    void loadKeys();
    if (selected) void loadView(selected, { force: true });
  }, [loadKeys, loadView, selected]);
}

export function useKey(id: string): KeyInfoDTO | undefined {
  return useApp((s) => s.keys.find((k) => k.id === id));
}

export function Landed({ keys }: { keys: KeyInfoDTO[] }): ReactNode {
  return (
    <table className="dlg-table" aria-label="Imported keys">
      <caption>Where the keys landed (each was decrypted to check its passphrase and ID)</caption>
      <thead>
        <tr>
          <th scope="col">Role</th>
          <th scope="col">Key ID</th>
          <th scope="col">GUN</th>
          <th scope="col">Stored in</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((k) => (
          <tr key={k.id}>
            <td>{roleLabel(k.role)}</td>
            <td>
              <code data-full={k.id} title={k.id}>
                {k.id.slice(0, 12)}
              </code>
            </td>
            <td>{k.gun ?? <span className="muted">any</span>}</td>
            <td title={k.where}>{locationLabel(k)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
