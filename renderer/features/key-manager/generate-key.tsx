/**
 * "Generate key": a signer key (as docker trust key generate NAME) or a root key, on this computer
 * or on a hardware token that can hold P-256 keys; shows where it landed.
 */
import { useState, type ReactNode } from 'react';
import type { KeyInfoDTO } from '../../../electron/ipc/contract.ts';
import { TokenChoice, useP256Tokens } from './token-choice.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { useAction } from '../../components/use-action.ts';
import type { DialogProps } from '../../store/types.ts';
import { useApi } from '../../api.ts';
import { isValidKeyName } from '../../../core/trust/policy.ts';
import { Landed, roleLabel, useRefreshAfterKeys } from './shared.tsx';
import { Choice } from '../../components/choice.tsx';
import { TextField } from '../../components/text-field.tsx';

export function GenerateKeyDialog({ onClose }: DialogProps<'generate-key'>): ReactNode {
  const api = useApi();
  const refresh = useRefreshAfterKeys();
  const [kind, setKind] = useState<'signer' | 'root'>('signer');
  const [name, setName] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [made, setMade] = useState<KeyInfoDTO | null>(null);
  const tokens = useP256Tokens();
  /** '' = this computer's key store; else a token's label. */
  const [where, setWhere] = useState('');
  const { run, busy, error } = useAction(async (role: string) => {
    setMade(await api.keys.generate({ role, ...(where ? { token: where } : {}) }));
    refresh();
  });
  const submit = async (): Promise<void> => {
    setFieldError(null);
    const role = kind === 'root' ? 'root' : name.trim();
    if (kind === 'signer' && !isValidKeyName(role))
      return setFieldError('A signer name is lower-case letters, digits, _ and -, starting with a letter or digit.');
    await run(role);
  };
  return (
    <FormDialog
      title="Generate key"
      onClose={onClose}
      busy={busy}
      className="key-dialog generate-key-dialog"
      wide={false}
      formId="gen-key-form"
      onSubmit={submit}
      error={error}
      done={!!made}
      primary={{ label: busy ? 'Generating…' : 'Generate' }}
      result={
        made && (
          <div>
            <p className="dlg-success" role="status">
              Generated {roleLabel(made.role)} key {made.id.slice(0, 12)}
            </p>
            <Landed keys={[made]} />
            {made.role === 'root' && (
              <p className="dlg-warning">
                Back up this root key now (Export): it cannot be recovered, and without it the repositories it anchors
                cannot be changed.
              </p>
            )}
          </div>
        )
      }
    >
      <fieldset>
        <legend>Kind of key</legend>
        <Choice id="gen-signer" name="kind" checked={kind === 'signer'} onChange={() => setKind('signer')}>
          Signer key{' '}
          <span className="muted">like docker trust key generate NAME: sign tags as a signer (delegation)</span>
        </Choice>
        <Choice id="gen-root" name="kind" checked={kind === 'root'} onChange={() => setKind('root')}>
          Root key <span className="muted">the anchor of trust of the repositories you initialize</span>
        </Choice>
      </fieldset>
      {kind === 'signer' && (
        <>
          <TextField id="gen-name" label="Signer name" value={name} onChange={setName} />
        </>
      )}
      <TokenChoice tokens={tokens} value={where} onChange={setWhere} name="gen-where" />
      {fieldError && (
        <p className="dlg-field-error" role="alert">
          {fieldError}
        </p>
      )}
    </FormDialog>
  );
}
