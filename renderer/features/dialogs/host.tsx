/**
 * The mount point for dialogs (the wizards of the next issue). Action buttons call
 * `openDialog(kind, props)`; the host renders whatever component is registered for that kind.
 * A dialog module registers itself: `registerDialog('sign-tag', SignTagDialog)`, and closes with
 * the `onClose` it is given (which calls the ui slice's closeDialog).
 */
import type { ComponentType, ReactNode } from 'react';
import { useApp } from '../../store/index.ts';
import type { DialogKind } from '../../store/types.ts';

export interface DialogProps {
  props: Record<string, unknown>;
  onClose: () => void;
}

const registry = new Map<string, ComponentType<DialogProps>>();

export function registerDialog(kind: DialogKind, component: ComponentType<DialogProps>): void {
  registry.set(kind, component);
}

export function DialogHost(): ReactNode {
  const dialog = useApp((s) => s.dialog);
  const close = useApp((s) => s.closeDialog);
  if (!dialog) return null;
  const Component = registry.get(dialog.kind);
  if (!Component) return <div data-dialog-pending={dialog.kind} hidden />;
  return <Component props={dialog.props} onClose={close} />;
}
