/**
 * The shell every form dialog and staged wizard shares: the {@link Dialog} (with its steps), one
 * <form> per step (Enter goes on; the primary button submits it), the step's error under the
 * fields, and the {@link DialogFooter}. Once `result` is given (a success, or the staged changes'
 * review), it replaces the form and the primary button goes; `resultActions`, when given, then
 * replace the whole footer (a wizard's next moves instead of Close).
 */
import type { FormEvent, ReactNode } from 'react';
import type { ErrorDTO } from '../../electron/ipc/contract.ts';
import { Dialog, Steps } from './dialog.tsx';
import { DialogFooter, type PrimaryAction } from './dialog-footer.tsx';
import { ErrorExplanation } from './error-explanation.tsx';

export interface FormDialogProps {
  title: string;
  onClose: () => void;
  busy: boolean;
  /** The form's id (the primary button names it). */
  formId: string;
  /** Called on submit (Enter or the primary button); the default submit is prevented. */
  onSubmit: () => void | Promise<void>;
  /** The primary button; none when undefined. */
  primary?: Omit<PrimaryAction, 'form'> | undefined;
  error?: ErrorDTO | null | undefined;
  /** Under the step's error: what a failure left behind (a key created before the change was refused). */
  afterError?: ReactNode;
  /** Shown instead of the form: the outcome, or the review of what was staged. */
  result?: ReactNode;
  /** The footer while `result` is shown, instead of Cancel / Close. */
  resultActions?: ReactNode;
  /** The operation is over: Cancel reads Close. */
  done?: boolean;
  /** Changes are staged, not yet published: "Keep staged and close". */
  staged?: boolean;
  onBack?: (() => void) | undefined;
  /** A wizard's step names and the current one. */
  steps?: readonly string[];
  step?: number;
  className?: string;
  wide?: boolean;
  role?: 'dialog' | 'alertdialog';
  children?: ReactNode;
}

export function FormDialog({
  title,
  onClose,
  busy,
  formId,
  onSubmit,
  primary,
  error,
  afterError,
  result,
  resultActions,
  done = false,
  staged = false,
  onBack,
  steps,
  step = 0,
  className,
  wide = true,
  role,
  children,
}: FormDialogProps): ReactNode {
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void onSubmit();
  };
  const showResult = result !== undefined && result !== null && result !== false;
  return (
    <Dialog
      title={title}
      onClose={onClose}
      busy={busy}
      wide={wide}
      {...(role ? { role } : {})}
      {...(className ? { className } : {})}
      {...(steps ? { steps: <Steps steps={steps} current={step} /> } : {})}
      actions={
        showResult && resultActions !== undefined ? (
          resultActions
        ) : (
          <DialogFooter
            busy={busy}
            onCancel={onClose}
            onBack={onBack}
            spacer
            done={done}
            staged={staged}
            primary={primary && !showResult ? { ...primary, form: formId } : undefined}
          />
        )
      }
    >
      {showResult ? (
        result
      ) : (
        // keyed by its id: a step with another form gets a new <form>, as when each step wrote its own
        <form key={formId} id={formId} onSubmit={submit}>
          {children}
          {error && <ErrorExplanation error={error} />}
          {afterError}
        </form>
      )}
    </Dialog>
  );
}
