/** "Root key": one of your root keys, or a new one. Shared by Initialize repository and Sign tag on a new repository. */
import type { ReactNode } from 'react';
import type { KeyInfoDTO } from '../../electron/ipc/contract.ts';
import { Choice } from './choice.tsx';

export function RootKeyChoice({
  roots,
  value,
  onChange,
  name,
}: {
  roots: KeyInfoDTO[];
  /** A root key ID, or 'new'. */
  value: string;
  onChange: (value: string) => void;
  /** The radio group's name (unique in the page). */
  name: string;
}): ReactNode {
  return (
    <fieldset>
      <legend>Root key</legend>
      <p className="muted small-text">
        The root key is the repository’s anchor of trust: it signs which keys may sign what. Keep it offline and backed
        up.
      </p>
      {roots.map((k) => (
        <Choice key={k.id} id={`${name}-${k.id}`} name={name} checked={value === k.id} onChange={() => onChange(k.id)}>
          Use my root key <code>{k.id.slice(0, 12)}</code>
          <span className="muted">{k.where}</span>
        </Choice>
      ))}
      <Choice id={`${name}-new`} name={name} checked={value === 'new'} onChange={() => onChange('new')}>
        Create a new root key
        <span className="muted">You will choose its passphrase; there is no way to recover it if lost.</span>
      </Choice>
    </fieldset>
  );
}
