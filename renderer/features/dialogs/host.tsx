/**
 * The mount point for dialogs (the wizards of the next issue). Action buttons call
 * `openDialog(kind, props)`; the host renders whatever component is registered for that kind.
 * A dialog module registers itself: `registerDialog('sign-tag', SignTagDialog)`, and closes with
 * the `onClose` it is given (which calls the ui slice's closeDialog).
 */
import type { ComponentType, ReactNode } from 'react';
import { useApp } from '../../store/index.ts';
import type { DialogKind } from '../../store/types.ts';
import { PassphraseLayer } from '../passphrase/passphrase-dialog.tsx';
// the dialogs and wizards (each registers its kinds)
import '../sign-tag/sign-tag.tsx';
import '../init-repository/init-repository.tsx';
import '../add-signer/add-signer.tsx';
import '../remove-signer/remove-signer.tsx';
import '../revoke/revoke.tsx';
import '../staged-changes/staged-changes.tsx';
import '../key-manager/key-manager.tsx';
import '../rotate-key/rotate-key.tsx';
import '../renew-role/renew-role.tsx';

export interface DialogProps {
  props: Record<string, unknown>;
  onClose: () => void;
}

// `var` and a getter: the dialog modules imported below register themselves while this module is
// still being evaluated (they import registerDialog from here), before a `const` would exist.
// eslint-disable-next-line no-var
var registry: Map<string, ComponentType<DialogProps>> | undefined;
function dialogs(): Map<string, ComponentType<DialogProps>> {
  return (registry ??= new Map());
}

export function registerDialog(kind: DialogKind, component: ComponentType<DialogProps>): void {
  dialogs().set(kind, component);
}

export function DialogHost(): ReactNode {
  const dialog = useApp((s) => s.dialog);
  const close = useApp((s) => s.closeDialog);
  const Component = dialog ? dialogs().get(dialog.kind) : undefined;
  return (
    <>
      {dialog && !Component && <div data-dialog-pending={dialog.kind} hidden />}
      {dialog && Component && <Component key={dialog.kind} props={dialog.props} onClose={close} />}
      <PassphraseLayer />
    </>
  );
}
