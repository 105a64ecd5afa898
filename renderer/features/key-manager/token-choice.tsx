/** Where a new key is made: this computer's key store, or a hardware token able to hold P-256 keys. */
import { useEffect, useState, type ReactNode } from 'react';
import type { TokenDTO } from '../../../electron/ipc/contract.ts';
import { useApi } from '../../api.ts';
import { Choice } from '../../components/choice.tsx';

/** The tokens plugged in that can hold a docker key (none without a PKCS#11 module). */
export function useP256Tokens(): TokenDTO[] {
  const api = useApi();
  const [tokens, setTokens] = useState<TokenDTO[]>([]);
  useEffect(() => {
    let live = true;
    api.keys
      .tokens()
      .then((t) => live && setTokens(t.tokens.filter((x) => x.p256)))
      .catch(() => undefined); // no module, no choice: the key store it is
    return () => {
      live = false;
    };
  }, [api]);
  return tokens;
}

/** Radio buttons: '' = this computer, else a token's label. Renders nothing when no token can hold the key. */
export function TokenChoice(p: {
  tokens: TokenDTO[];
  value: string;
  onChange: (token: string) => void;
  name: string;
  legend?: string;
}): ReactNode {
  if (p.tokens.length === 0) return null;
  return (
    <fieldset>
      <legend>{p.legend ?? 'Where the key is made'}</legend>
      <Choice id={`${p.name}-here`} name={p.name} checked={p.value === ''} onChange={() => p.onChange('')}>
        On this computer <span className="muted">encrypted with a passphrase, in the key store of Settings</span>
      </Choice>
      {p.tokens.map((t, i) => (
        <Choice
          key={t.label}
          id={`${p.name}-${i}`}
          name={p.name}
          checked={p.value === t.label}
          onChange={() => p.onChange(t.label)}
        >
          On the token “{t.label}”{' '}
          <span className="muted">
            {t.manufacturer} {t.model}: the key never leaves it; its PIN is asked
          </span>
        </Choice>
      ))}
    </fieldset>
  );
}
