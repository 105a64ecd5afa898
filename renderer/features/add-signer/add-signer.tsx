/**
 * "Add signer": a name and the signer's public key (a PEM public key or certificate file, as
 * `docker trust signer add --key`), staged (trust:addSigner with stageOnly) into targets/NAME and
 * targets/releases, then reviewed and published with the repository key.
 *
 * "From your keys" / "a new key" need a public key of a key held here; the contract only takes
 * public key FILE paths (AddSignerRequest.publicKeyPaths) and no channel exports a public key, so
 * those choices are explained, not offered (see the report).
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { ErrorDTO } from '../../../electron/ipc/contract.ts';
import { Dialog, Steps } from '../../components/dialog.tsx';
import { WriteError } from '../staged-changes/write-error.tsx';
import { toErrorDTO } from '../../store/errors.ts';
import { useApp } from '../../store/index.ts';
import { registerDialog, type DialogProps } from '../dialogs/host.tsx';
import { StagedChangesReview } from '../staged-changes/staged-changes.tsx';
import { useWriteApi } from '../staged-changes/write-api.ts';

const STEPS = ['Signer', 'Review and publish'] as const;
const SIGNER_NAME = /^[a-z0-9][a-z0-9_-]{0,253}$/;
const ABSOLUTE = (p: string): boolean => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p);

export function AddSignerDialog({ props, onClose }: DialogProps): ReactNode {
  const reference = String(props['reference'] ?? '');
  const api = useWriteApi();
  const gun = useApp((s) => s.views[reference]?.view?.gun) ?? String(props['gun'] ?? reference);
  const [step, setStep] = useState(0);
  const [name, setName] = useState('');
  const [path, setPath] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<ErrorDTO | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const stage = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setFieldError(null);
    setError(null);
    const n = name.trim();
    if (!SIGNER_NAME.test(n) || n === 'releases') return setFieldError('A signer name is lower-case letters, digits, _ and - (not "releases"), starting with a letter or digit.');
    const paths = path.split(/\n|,/).map((p) => p.trim()).filter(Boolean);
    if (paths.length === 0 || !paths.every(ABSOLUTE)) return setFieldError('Type the absolute path of the signer’s public key file (.pub or .crt).');
    setBusy(true);
    try {
      const [outcome] = await api.addSigner({ name: n, publicKeyPaths: paths, references: [gun], stageOnly: true });
      if (outcome?.error) setError(outcome.error);
      else setStep(1);
    } catch (err) {
      setError(toErrorDTO(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={`Add signer — ${gun}`}
      onClose={onClose}
      busy={busy}
      wide
      className="wizard add-signer-wizard"
      steps={<Steps steps={STEPS} current={step} />}
      actions={
        <>
          <span className="dlg-spacer" />
          <button type="button" className="secondary" onClick={onClose} disabled={busy}>
            {done ? 'Close' : step === 1 ? 'Keep staged and close' : 'Cancel'}
          </button>
          {step === 0 && (
            <button type="submit" form="add-signer-form" disabled={busy}>
              {busy ? 'Staging…' : 'Stage signer'}
            </button>
          )}
        </>
      }
    >
      {step === 0 && (
        <form id="add-signer-form" onSubmit={(e) => void stage(e)}>
          <label htmlFor="add-signer-name">Signer name</label>
          <input id="add-signer-name" type="text" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" spellCheck={false} />
          <label htmlFor="add-signer-key">Public key file</label>
          <input id="add-signer-key" type="text" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/home/alice/alice.pub" spellCheck={false} aria-describedby="add-signer-key-hint" />
          <p id="add-signer-key-hint" className="dlg-hint">
            The signer’s PEM public key or certificate (what <code>docker trust key generate NAME</code> writes as NAME.pub). Several files: separate them with commas.
          </p>
          <p className="muted small-text">
            Using one of your own keys or a new key here needs its public key file: create it with <code>docker trust key generate NAME</code>, or use “First signer” when initialising a
            repository.
          </p>
          {fieldError && (
            <p className="dlg-field-error" role="alert">
              {fieldError}
            </p>
          )}
          {error && <WriteError error={error} />}
        </form>
      )}
      {step === 1 && (
        <StagedChangesReview
          reference={reference}
          onBusy={setBusy}
          publishLabel="Publish"
          successText={() => `Successfully added signer: ${name.trim()} to ${gun}`}
          onPublished={() => setDone(true)}
        />
      )}
    </Dialog>
  );
}

registerDialog('add-signer', AddSignerDialog);
