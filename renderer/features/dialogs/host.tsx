/**
 * The mount point for dialogs and wizards. Action buttons call `openDialog({ kind, ...fields })`
 * with a typed {@link DialogRequest}; the host renders the matching dialog with exactly those
 * fields as props (GitHub Desktop's PopupType union and renderPopupContent). A dialog closes with
 * the `onClose` it is given (the ui slice's closeDialog).
 */
import { CopyToTokenDialog } from '../key-manager/copy-to-token.tsx';
import { Fragment, type ReactNode } from 'react';
import { useApp } from '../../store/index.ts';
import type { DialogRequest } from '../../store/types.ts';
import { PassphraseLayer } from '../passphrase/passphrase-dialog.tsx';
import { SignTagDialog } from '../sign-tag/sign-tag.tsx';
import { InitRepositoryDialog } from '../init-repository/init-repository.tsx';
import { AddSignerDialog } from '../add-signer/add-signer.tsx';
import { RemoveSignerDialog } from '../remove-signer/remove-signer.tsx';
import { RevokeDialog } from '../revoke/revoke.tsx';
import { ReviewChangesDialog } from '../staged-changes/staged-changes.tsx';
import { RenewRoleDialog } from '../renew-role/renew-role.tsx';
import { RotateKeyDialog } from '../rotate-key/rotate-key.tsx';
import { GenerateKeyDialog } from '../key-manager/generate-key.tsx';
import { ImportKeyDialog } from '../key-manager/import-key.tsx';
import { ExportKeyDialog } from '../key-manager/export-key.tsx';
import { ChangePassphraseDialog } from '../key-manager/change-passphrase.tsx';
import { DeleteKeyDialog } from '../key-manager/delete-key.tsx';
import { AddRegistryDialog } from '../audit/add-registry.tsx';
import { ExportAuditDialog } from '../audit/export-audit.tsx';
import { ExportArchiveDialog, OpenArchiveDialog } from '../history/archive-dialogs.tsx';
import { ExportArchivesDialog } from '../history/export-archives.tsx';
import { MigrateDialog } from '../migrate/migrate-dialog.tsx';

/** The dialog for a request; the switch is exhaustive, so a new kind without a dialog does not compile. */
export function renderDialog(dialog: DialogRequest, onClose: () => void): ReactNode {
  switch (dialog.kind) {
    case 'sign-tag':
      return <SignTagDialog {...dialog} onClose={onClose} />;
    case 'initialize-repository':
      return <InitRepositoryDialog {...dialog} onClose={onClose} />;
    case 'add-signer':
      return <AddSignerDialog {...dialog} onClose={onClose} />;
    case 'remove-signer':
      return <RemoveSignerDialog {...dialog} onClose={onClose} />;
    case 'revoke':
      return <RevokeDialog {...dialog} onClose={onClose} />;
    case 'review-changes':
      return <ReviewChangesDialog {...dialog} onClose={onClose} />;
    case 'renew-role':
      return <RenewRoleDialog {...dialog} onClose={onClose} />;
    case 'rotate-key':
      return <RotateKeyDialog {...dialog} onClose={onClose} />;
    case 'generate-key':
      return <GenerateKeyDialog onClose={onClose} />;
    case 'import-key':
      return <ImportKeyDialog onClose={onClose} />;
    case 'export-key':
      return <ExportKeyDialog {...dialog} onClose={onClose} />;
    case 'change-passphrase':
      return <ChangePassphraseDialog {...dialog} onClose={onClose} />;
    case 'copy-to-token':
      return <CopyToTokenDialog {...dialog} onClose={onClose} />;
    case 'delete-key':
      return <DeleteKeyDialog {...dialog} onClose={onClose} />;
    case 'add-registry':
      return <AddRegistryDialog {...dialog} onClose={onClose} />;
    case 'export-audit':
      return <ExportAuditDialog {...dialog} onClose={onClose} />;
    case 'open-archive':
      return <OpenArchiveDialog onClose={onClose} />;
    case 'export-archive':
      return <ExportArchiveDialog {...dialog} onClose={onClose} />;
    case 'export-archives':
      return <ExportArchivesDialog {...dialog} onClose={onClose} />;
    case 'migrate':
      return <MigrateDialog {...dialog} onClose={onClose} />;
    default:
      return unreachable(dialog);
  }
}

function unreachable(dialog: never): never {
  throw new Error(`no dialog for ${JSON.stringify(dialog)}`);
}

export function DialogHost(): ReactNode {
  const dialog = useApp((s) => s.dialog);
  const close = useApp((s) => s.closeDialog);
  return (
    <>
      {/* a new request (another kind, or the same kind for something else) mounts a fresh dialog */}
      {dialog && <Fragment key={JSON.stringify(dialog)}>{renderDialog(dialog, close)}</Fragment>}
      <PassphraseLayer />
    </>
  );
}
