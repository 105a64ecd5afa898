/**
 * "Add signer": a name and the signer's key, staged (trust:addSigner with stageOnly) into
 * targets/NAME and targets/releases, then reviewed and published with the repository key. The key
 * comes from one of three places:
 *   - a public key file (a PEM public key or certificate, as `docker trust signer add --key`);
 *   - one of your keys (keys:list; main unlocks it, asking its passphrase, for its public key);
 *   - a new key for this signer (main creates it with the signer name as its role, as
 *     `docker trust key generate NAME` does, asking a new passphrase).
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ChosenFileDTO, KeyInfoDTO } from '../../../electron/ipc/contract.ts';
import { useApi } from '../../api.ts';
import { signerNameProblem } from '../../../core/trust/policy.ts';
import { FileChoice } from '../../components/file-choice.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { IdChip } from '../../components/id-chip.tsx';
import { useAction } from '../../components/use-action.ts';
import { useApp, useGun } from '../../store/index.ts';
import type { DialogProps } from '../../store/types.ts';
import { StagedChangesReview } from '../staged-changes/staged-changes.tsx';
import { Choice } from '../../components/choice.tsx';
import { TextField } from '../../components/text-field.tsx';
import { locationLabel } from '../key-manager/shared.tsx';

const STEPS = ['Signer', 'Review and publish'] as const;
/** Keys of these roles administer a repository; they are not offered as a signer's key. */
const ADMIN_ROLES = new Set(['root', 'targets', 'snapshot', 'timestamp']);

export type SignerKeySource = 'file' | 'mine' | 'new';
type SignerKey = { publicKeyFiles: string[] } | { keyIds: string[] } | { newKey: true };

/** Your keys that can be a signer's key (not root nor a repository's keys); the signer's own first. */
export function signerKeyCandidates(keys: readonly KeyInfoDTO[], name: string): KeyInfoDTO[] {
  return keys
    .filter((k) => !ADMIN_ROLES.has(k.role))
    .sort(
      (a, b) =>
        Number(b.role === name) - Number(a.role === name) || a.role.localeCompare(b.role) || a.id.localeCompare(b.id),
    );
}

export function AddSignerDialog({ reference, onClose }: DialogProps<'add-signer'>): ReactNode {
  const api = useApi();
  const gun = useGun(reference);
  const keys = useApp((s) => s.keys);
  const loadKeys = useApp((s) => s.loadKeys);
  const [step, setStep] = useState(0);
  const [name, setName] = useState('');
  const [source, setSource] = useState<SignerKeySource>('file');
  const [files, setFiles] = useState<ChosenFileDTO[]>([]);
  const [chosenKey, setChosenKey] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [newKeyId, setNewKeyId] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const { run, busy, error, setError, setBusy } = useAction(async (n: string, key: SignerKey) => {
    const [outcome] = await api.trust.addSigner({ name: n, ...key, references: [gun], stageOnly: true });
    if (source === 'new') await loadKeys();
    if (outcome?.error) {
      setError(outcome.error);
      if (source === 'new') {
        // the key was created before the repository refused the change: a retry reuses it
        setSource('mine');
        setChosenKey('');
        setNote(
          `The new key for ${n} was created and kept; it is now chosen under “One of your keys”, so trying again does not create another one.`,
        );
      }
    } else {
      setNewKeyId(outcome?.result?.newKeyId ?? null);
      setStep(1);
    }
  });

  useEffect(() => {
    void loadKeys();
  }, [loadKeys]);

  const candidates = useMemo(() => signerKeyCandidates(keys, name.trim()), [keys, name]);
  const keyId = candidates.some((k) => k.id === chosenKey) ? chosenKey : (candidates[0]?.id ?? '');

  const stage = async (): Promise<void> => {
    setFieldError(null);
    setError(null);
    setNote(null);
    const n = name.trim();
    const badName = signerNameProblem(n);
    if (badName) return setFieldError(badName.rule);
    let key: SignerKey;
    if (source === 'file') {
      if (files.length === 0)
        return setFieldError('Choose the signer’s public key file (.pub or .crt) with “Choose files…”.');
      key = { publicKeyFiles: files.map((f) => f.handle) };
    } else if (source === 'mine') {
      if (keyId === '')
        return setFieldError(
          'You hold no key that can be a signer’s key: choose a public key file or a new key, or import the key first (Keys → Import keys).',
        );
      key = { keyIds: [keyId] };
    } else {
      key = { newKey: true };
    }
    await run(n, key);
  };

  return (
    <FormDialog
      title={`Add signer — ${gun}`}
      onClose={onClose}
      busy={busy}
      className="wizard add-signer-wizard"
      steps={STEPS}
      step={step}
      formId="add-signer-form"
      onSubmit={stage}
      error={error}
      afterError={note && <p className="dlg-info">{note}</p>}
      done={done}
      staged={step === 1}
      primary={{ label: busy ? 'Staging…' : 'Stage signer' }}
      result={
        step === 1 && (
          <>
            {newKeyId && (
              <p className="dlg-info" role="status">
                Created the key <IdChip value={newKeyId} kind="key ID" /> for {name.trim()}. It signs as {name.trim()}{' '}
                once published; back it up (Keys → Export).
              </p>
            )}
            <StagedChangesReview
              reference={reference}
              onBusy={setBusy}
              publishLabel="Publish"
              successText={() => `Successfully added signer: ${name.trim()} to ${gun}`}
              onPublished={() => setDone(true)}
            />
          </>
        )
      }
    >
      <TextField id="add-signer-name" label="Signer name" value={name} onChange={setName} />
      <fieldset>
        <legend>The signer’s key</legend>
        <Choice id="as-file" name="as-source" checked={source === 'file'} onChange={() => setSource('file')}>
          A public key file
          <span className="muted">
            The signer sent you their public key or certificate (what docker trust key generate NAME writes as
            NAME.pub).
          </span>
        </Choice>
        {source === 'file' && (
          <>
            <FileChoice
              id="add-signer-key"
              label="Public key file"
              open="public-key"
              chosen={files}
              onChosen={(f) => (setFiles(f), setFieldError(null))}
              disabled={busy}
            />
            <p className="dlg-hint">A PEM public key or certificate; choose several files for several keys.</p>
          </>
        )}
        <Choice
          id="as-mine"
          name="as-source"
          checked={source === 'mine'}
          disabled={candidates.length === 0}
          onChange={() => setSource('mine')}
        >
          One of your keys
          <span className="muted">
            {candidates.length === 0
              ? 'You hold no signer key here (root and repository keys are not offered).'
              : 'A signer key on this computer; its passphrase is asked to read its public key.'}
          </span>
        </Choice>
        {source === 'mine' && candidates.length > 0 && (
          <>
            <label htmlFor="add-signer-mine">Your key</label>
            <select id="add-signer-mine" value={keyId} onChange={(e) => setChosenKey(e.target.value)}>
              {candidates.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.role} — {k.id.slice(0, 12)} ({locationLabel(k)})
                </option>
              ))}
            </select>
          </>
        )}
        <Choice id="as-new" name="as-source" checked={source === 'new'} onChange={() => setSource('new')}>
          Create a new key for this signer
          <span className="muted">
            A new ECDSA key named after the signer, kept here (as docker trust key generate {name.trim() || 'NAME'}).
            You choose its passphrase now; export it to back it up.
          </span>
        </Choice>
      </fieldset>
      {fieldError && (
        <p className="dlg-field-error" role="alert">
          {fieldError}
        </p>
      )}
    </FormDialog>
  );
}
