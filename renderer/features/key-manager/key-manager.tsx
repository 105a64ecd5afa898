/**
 * Key management (after Seahorse / Kleopatra / GPG Keychain): generate, import from a docker trust
 * dir or a key file (showing where each key landed; importing decrypts it, so a key that cannot be
 * unlocked is refused), export (the notary-compatible encrypted file, byte for byte), change
 * passphrase, delete with a typed confirmation (and a warning when it is a root key that was never
 * exported — the only copy), and the backup reminder for root keys. One module a dialog (the dialog
 * host renders them); this one holds the Keys section's buttons.
 */
import type { ReactNode } from 'react';
import type { KeyInfoDTO } from '../../../electron/ipc/contract.ts';
import { useApp } from '../../store/index.ts';
import { useApi } from '../../api.ts';

export { BackupReminder } from './backup-reminder.tsx';

/* ------------------------------------------------------------------ keys section additions */

/** Per-row actions in the Keys table. */
export function KeyActions({ k }: { k: KeyInfoDTO }): ReactNode {
  const openDialog = useApp((s) => s.openDialog);
  const loadKeys = useApp((s) => s.loadKeys);
  const api = useApi();
  return (
    <span className="key-actions" style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
      {k.passphraseRemembered && (
        <button
          type="button"
          className="small"
          onClick={() =>
            void api.keys.forgetPassphrase({ keyId: k.id }).then(
              () => loadKeys(),
              () => loadKeys(),
            )
          }
          aria-label={`Forget the remembered passphrase of key ${k.id.slice(0, 7)}`}
        >
          Forget passphrase
        </button>
      )}
      <button
        type="button"
        className="small"
        onClick={() => openDialog({ kind: 'export-key', keyId: k.id })}
        aria-label={`Export key ${k.id.slice(0, 7)}`}
      >
        Export
      </button>
      <button
        type="button"
        className="small"
        onClick={() => openDialog({ kind: 'change-passphrase', keyId: k.id })}
        aria-label={`Change passphrase of key ${k.id.slice(0, 7)}`}
      >
        Passphrase
      </button>
      <button
        type="button"
        className="small"
        onClick={() => openDialog({ kind: 'delete-key', keyId: k.id })}
        aria-label={`Delete key ${k.id.slice(0, 7)}`}
      >
        Delete
      </button>
    </span>
  );
}

/** Generate / Import buttons for the Keys toolbar. */
export function KeyToolbar(): ReactNode {
  const openDialog = useApp((s) => s.openDialog);
  return (
    <>
      <button type="button" onClick={() => openDialog({ kind: 'generate-key' })}>
        Generate key
      </button>
      <button type="button" onClick={() => openDialog({ kind: 'import-key' })}>
        Import keys
      </button>
    </>
  );
}
