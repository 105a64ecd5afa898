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
import { DeleteIcon, ExportIcon, ForgetIcon, PassphraseIcon, TokenIcon } from './key-icons.tsx';

export { BackupReminder } from './backup-reminder.tsx';

/* ------------------------------------------------------------------ keys section additions */

/** One action of a key's row: an icon, named in words for screen readers and in a tooltip. */
function RowAction({
  label,
  onClick,
  children,
}: {
  label: string;
  onClick: () => void;
  children: ReactNode;
}): ReactNode {
  return (
    <button type="button" className="icon-button" onClick={onClick} aria-label={label} title={label}>
      {children}
    </button>
  );
}

/** Per-row actions in the Keys table: export, change passphrase, forget a remembered one, delete. */
export function KeyActions({ k, tokens = false }: { k: KeyInfoDTO; tokens?: boolean }): ReactNode {
  const openDialog = useApp((s) => s.openDialog);
  const loadKeys = useApp((s) => s.loadKeys);
  const api = useApi();
  const short = k.id.slice(0, 7);
  const forget = (): void =>
    void api.keys.forgetPassphrase({ keyId: k.id }).then(
      () => loadKeys(),
      () => loadKeys(),
    );
  return (
    <span className="key-actions">
      {/* a key on a token never leaves it and has a PIN, not a passphrase */}
      {k.location !== 'hardware' && (
        <>
          <RowAction label={`Export key ${short}`} onClick={() => openDialog({ kind: 'export-key', keyId: k.id })}>
            <ExportIcon />
          </RowAction>
          <RowAction
            label={`Change passphrase of key ${short}`}
            onClick={() => openDialog({ kind: 'change-passphrase', keyId: k.id })}
          >
            <PassphraseIcon />
          </RowAction>
        </>
      )}
      {tokens && k.location !== 'hardware' && (
        <RowAction
          label={`Copy key ${short} to a hardware token`}
          onClick={() => openDialog({ kind: 'copy-to-token', keyId: k.id })}
        >
          <TokenIcon />
        </RowAction>
      )}
      {k.passphraseRemembered && (
        <RowAction label={`Forget the remembered passphrase of key ${short}`} onClick={forget}>
          <ForgetIcon />
        </RowAction>
      )}
      <RowAction
        label={k.absent ? `Forget key ${short} (its token is not inserted)` : `Delete key ${short}`}
        onClick={() => openDialog({ kind: 'delete-key', keyId: k.id })}
      >
        <DeleteIcon />
      </RowAction>
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
