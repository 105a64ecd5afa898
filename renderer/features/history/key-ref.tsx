/** A key ID (shortened, copyable) with who holds it: you, the server, or nobody known here. */
import type { ReactNode } from 'react';
import type { KeyHolder } from '../../../electron/ipc/contract.ts';
import { Badge } from '../../components/badges.tsx';
import { IdChip } from '../../components/id-chip.tsx';
import { HOLDER_LABEL } from './events.ts';

const TONE: Record<KeyHolder, 'info' | 'neutral' | 'warning'> = {
  local: 'info',
  server: 'neutral',
  unknown: 'warning',
};

export function KeyRef({ id, holder }: { id: string; holder: KeyHolder | undefined }): ReactNode {
  const h = holder ?? 'unknown';
  return (
    <span className="key-ref">
      <IdChip value={id} kind="key ID" />
      <Badge tone={TONE[h]}>{HOLDER_LABEL[h]}</Badge>
    </span>
  );
}

/** Several keys, or "none". */
export function KeyRefs({ ids, holders }: { ids: readonly string[]; holders: Record<string, KeyHolder> }): ReactNode {
  if (ids.length === 0) return <span className="muted">none</span>;
  return (
    <span className="key-refs">
      {ids.map((id) => (
        <KeyRef key={id} id={id} holder={holders[id]} />
      ))}
    </span>
  );
}
