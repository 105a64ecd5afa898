/**
 * The buttons row of a dialog or wizard step: [Back] [spacer] Cancel [primary]. The primary button
 * submits the step's form (form=…); every button is disabled while `busy`. Once the dialog is `done`
 * Cancel reads "Close" and the primary button is gone; while its changes are `staged` (a wizard's
 * review step) it reads "Keep staged and close".
 */
import type { ReactNode } from 'react';

export interface PrimaryAction {
  /** id of the form it submits. */
  form: string;
  label: ReactNode;
  /** Disabled for another reason than `busy`. */
  disabled?: boolean;
  danger?: boolean;
}

export function DialogFooter({
  busy,
  onCancel,
  done = false,
  staged = false,
  cancelLabel,
  onBack,
  spacer = false,
  primary,
}: {
  busy: boolean;
  onCancel: () => void;
  /** The operation succeeded: "Close", no primary button. */
  done?: boolean;
  /** Changes are staged, not published: "Keep staged and close". */
  staged?: boolean;
  /** Overrides the label worked out from `done` / `staged`. */
  cancelLabel?: ReactNode;
  /** Shows a Back button. */
  onBack?: () => void;
  /** Pushes the buttons after Back to the right. */
  spacer?: boolean;
  /** The submit button; none when undefined. */
  primary?: PrimaryAction | undefined;
}): ReactNode {
  return (
    <>
      {onBack && (
        <button type="button" className="secondary" onClick={onBack} disabled={busy}>
          Back
        </button>
      )}
      {spacer && <span className="dlg-spacer" />}
      <button type="button" className="secondary" onClick={onCancel} disabled={busy}>
        {cancelLabel ?? (done ? 'Close' : staged ? 'Keep staged and close' : 'Cancel')}
      </button>
      {primary && !done && (
        <button
          key={primary.form}
          type="submit"
          form={primary.form}
          className={primary.danger ? 'danger' : undefined}
          disabled={busy || primary.disabled}
        >
          {primary.label}
        </button>
      )}
    </>
  );
}
