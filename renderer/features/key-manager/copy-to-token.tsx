/**
 * "Copy to a hardware token": puts a key held here on a token, as notary imports a key to a
 * YubiKey. The copy here stays as the backup; deleting it is the user's explicit choice.
 */
import { useState, type ReactNode } from 'react';
import type { KeyInfoDTO } from '../../../electron/ipc/contract.ts';
import { FormDialog } from '../../components/form-dialog.tsx';
import { useAction } from '../../components/use-action.ts';
import type { DialogProps } from '../../store/types.ts';
import { useApi } from '../../api.ts';
import { Landed, roleLabel, useKey, useRefreshAfterKeys } from './shared.tsx';
import { useP256Tokens } from './token-choice.tsx';
import { Choice } from '../../components/choice.tsx';

export function CopyToTokenDialog({ keyId: id, onClose }: DialogProps<'copy-to-token'>): ReactNode {
  const api = useApi();
  const key = useKey(id);
  const tokens = useP256Tokens();
  const refresh = useRefreshAfterKeys();
  const [token, setToken] = useState('');
  const [remove, setRemove] = useState(false);
  const [made, setMade] = useState<KeyInfoDTO | null>(null);
  const chosen = token || tokens[0]?.label || '';
  const { run, busy, error } = useAction(async () => {
    setMade(await api.keys.copyToToken({ keyId: id, token: chosen, removeSoftwareCopy: remove }));
    refresh();
  });
  const submit = async (): Promise<void> => {
    await run();
  };
  return (
    <FormDialog
      title={`Copy ${roleLabel(key?.role ?? 'key')} key ${id.slice(0, 7)} to a hardware token`}
      onClose={onClose}
      busy={busy}
      className="key-dialog copy-to-token-dialog"
      wide={false}
      formId="copy-token-form"
      onSubmit={submit}
      error={error}
      done={!!made}
      primary={{ label: busy ? 'Copying…' : 'Copy to token' }}
      result={
        made && (
          <div>
            <p className="dlg-success" role="status">
              The key is on the token “{made.token}”{remove ? '; the copy on this computer was deleted' : ''}.
            </p>
            <Landed keys={[made]} />
          </div>
        )
      }
    >
      {tokens.length === 0 ? (
        <p>No token that can hold ECDSA P-256 keys is plugged in (Settings → Hardware tokens).</p>
      ) : (
        <>
          <label htmlFor="copy-token">Token</label>
          <select id="copy-token" value={chosen} onChange={(e) => setToken(e.target.value)}>
            {tokens.map((t) => (
              <option key={t.label} value={t.label}>
                {t.label} ({t.manufacturer} {t.model})
              </option>
            ))}
          </select>
          <p>
            The key’s passphrase is asked, then the token’s PIN. From then on the key signs on the token. The copy on
            this computer stays as the backup: export it to keep one somewhere safe.
          </p>
          <Choice id="copy-token-remove" type="checkbox" checked={remove} onChange={setRemove}>
            Delete the copy on this computer once the token holds the key{' '}
            <span className="muted">(the token is then its only copy here: a lost token loses it)</span>
          </Choice>
        </>
      )}
    </FormDialog>
  );
}
