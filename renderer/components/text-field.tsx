/**
 * A dialog's one-line text field under its label: a name, a tag, a typed confirmation. Not
 * completed nor spell-checked by the browser (names and IDs are not words); any other attribute
 * (placeholder, disabled, data-autofocus…) goes to the <input>.
 */
import type { InputHTMLAttributes, ReactNode } from 'react';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'type' | 'value' | 'onChange'>;

export function TextField({
  id,
  label,
  value,
  onChange,
  ...input
}: InputProps & {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
}): ReactNode {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        {...input}
      />
    </>
  );
}
