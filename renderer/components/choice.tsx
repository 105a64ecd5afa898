/**
 * One radio button or checkbox with its label, laid out as every dialog lays out a choice
 * (`.dlg-choice`: the box, then the label; a `<span className="muted">` in the label is the line
 * under it). `onChange` gets whether it is now checked.
 */
import type { ReactNode } from 'react';

export function Choice({
  id,
  type = 'radio',
  name,
  checked,
  onChange,
  disabled,
  children,
}: {
  id: string;
  type?: 'radio' | 'checkbox';
  /** The radio group. */
  name?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  /** The label. */
  children: ReactNode;
}): ReactNode {
  return (
    <div className="dlg-choice">
      <input
        type={type}
        id={id}
        name={name}
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        disabled={disabled}
      />
      <label htmlFor={id}>{children}</label>
    </div>
  );
}
