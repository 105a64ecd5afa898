/**
 * Passphrase prompts. The main process sends `passphrase:request` whenever core needs a key's
 * passphrase (decrypting an existing key, or choosing one for a new key); {@link PassphraseLayer}
 * shows one dialog per prompt, on top of whatever wizard is open, and answers or cancels it by its
 * request ID. Wording follows docker's prompts ("Enter passphrase for new repository key with ID
 * 731396b"); new keys are asked twice, at least `minLength` characters, with a strength hint; a
 * wrong passphrase comes back as a new prompt with a higher attempt number.
 */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { PassphrasePrompt } from '../../../electron/ipc/contract.ts';
import { Dialog, keyName } from '../../components/dialog.tsx';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { errorToShow } from '../../store/errors.ts';
import { useApi } from '../../api.ts';
import type { ErrorDTO } from '../../../electron/ipc/contract.ts';
import { Choice } from '../../components/choice.tsx';

/** docker's warning before a new root key's passphrase (notary-protocol.md §9). */
export const ROOT_KEY_WARNING =
  'You are about to create a new root signing key passphrase. This passphrase will be used to protect the most sensitive key in your signing system. Please choose a long, complex passphrase and be careful to keep the password and the key file itself secure and backed up. It is highly recommended that you use a password manager to generate the passphrase and keep it safe. There will be no way to recover this key. You can find the key in your config directory.';

export const MAX_ATTEMPTS = 3;

/** docker's prompt for this request, without the trailing colon. */
export function promptLine(p: Pick<PassphrasePrompt, 'keyId' | 'role' | 'isNew'>, repeat = false): string {
  const alias = p.role === 'targets' || p.role === 'snapshot' || p.role === 'default' ? 'repository' : p.role;
  const id = p.keyId ? ` with ID ${p.keyId.slice(0, 7)}` : '';
  if (repeat) return `Repeat passphrase for new ${alias} key${id}`;
  return `Enter passphrase for ${p.isNew ? 'new ' : ''}${alias} key${id}`;
}

export type Strength = 'weak' | 'fair' | 'strong';

/** A rough strength estimate: length and character variety (a hint, not a rule). */
export function passphraseStrength(p: string): Strength {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(p)).length;
  const words = p.trim().split(/\s+/).length;
  if (p.length >= 16 && (classes >= 2 || words >= 4)) return 'strong';
  if (p.length >= 20) return 'strong';
  if (p.length >= 12 && classes >= 3) return 'strong';
  if (p.length >= 10 && classes >= 2) return 'fair';
  return 'weak';
}

const STRENGTH_TEXT: Record<Strength, string> = {
  weak: 'Strength: weak — use a longer passphrase (a password manager can generate one).',
  fair: 'Strength: fair — longer is better; 16+ characters or several words.',
  strong: 'Strength: strong.',
};

export function PassphraseDialog({
  prompt,
  onAnswer,
  onCancel,
}: {
  prompt: PassphrasePrompt;
  onAnswer: (passphrase: string, remember: boolean) => Promise<void>;
  onCancel: () => void;
}): ReactNode {
  const [pass, setPass] = useState('');
  const [again, setAgain] = useState('');
  const [remember, setRemember] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ErrorDTO | null>(null);
  const [sending, setSending] = useState(false);
  const id = prompt.requestId;
  const who = keyName(prompt.role, prompt.keyId);
  // a key on a hardware token: its PIN, never remembered; a touch-only key also waits for a touch
  const pin = prompt.pin;
  const word = pin ? 'PIN' : 'Passphrase';
  const title = pin
    ? `PIN for the token "${pin.token}"`
    : prompt.isNew
      ? `Passphrase for new ${who}`
      : `Passphrase for ${who}`;
  const tooShort = prompt.isNew && pass.length > 0 && pass.length < prompt.minLength;

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    if (pass.length === 0) return setProblem(`Enter the ${pin ? 'PIN' : 'passphrase'}.`);
    if (prompt.isNew && pass.length < prompt.minLength)
      return setProblem(`Passphrase is too short: use at least ${prompt.minLength} characters.`);
    if (prompt.isNew && pass !== again) return setProblem('Passphrases do not match. Please retry.');
    setProblem(null);
    setSending(true);
    try {
      await onAnswer(pass, remember);
    } catch (err) {
      setError(errorToShow(err));
      setSending(false);
    }
  };

  return (
    <Dialog
      title={title}
      role="alertdialog"
      onClose={onCancel}
      closeLabel="Cancel"
      className="passphrase-dialog"
      description={
        pin
          ? `To use ${who}, which is on the hardware token "${pin.token}". If the token blinks after you unlock, touch it.`
          : prompt.gun
            ? `For ${prompt.gun}`
            : undefined
      }
      actions={
        <>
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" form={`pp-${id}`} disabled={sending}>
            {prompt.isNew ? 'Create key' : 'Unlock'}
          </button>
        </>
      }
    >
      <form id={`pp-${id}`} onSubmit={(e) => void submit(e)} noValidate>
        {prompt.isNew && prompt.role === 'root' && <p className="dlg-warning">{ROOT_KEY_WARNING}</p>}
        {!prompt.isNew && prompt.attempt > 1 && (
          <p className="dlg-warning" role="alert">
            {pin
              ? 'Wrong PIN. Please retry: the token locks its PIN after a few wrong ones.'
              : 'Passphrase incorrect. Please retry.'}{' '}
            (attempt {prompt.attempt} of {MAX_ATTEMPTS})
          </p>
        )}
        <p>{pin ? `Enter the PIN of the token "${pin.token}"` : promptLine(prompt)}:</p>
        <label htmlFor={`pp-${id}-1`}>{word}</label>
        <input
          id={`pp-${id}-1`}
          type="password"
          autoComplete={pin ? 'off' : prompt.isNew ? 'new-password' : 'current-password'}
          value={pass}
          onChange={(e) => setPass(e.target.value)}
          aria-invalid={tooShort || undefined}
          aria-describedby={prompt.isNew ? `pp-${id}-hint` : undefined}
          data-autofocus=""
        />
        {prompt.isNew && (
          <>
            <p id={`pp-${id}-hint`} className="dlg-hint">
              At least {prompt.minLength} characters. There is no way to recover a key whose passphrase is lost.
            </p>
            {pass.length > 0 && (
              <p className="dlg-strength" data-level={passphraseStrength(pass)} aria-live="polite">
                {STRENGTH_TEXT[passphraseStrength(pass)]}
              </p>
            )}
            <label htmlFor={`pp-${id}-2`}>Repeat passphrase</label>
            <input
              id={`pp-${id}-2`}
              type="password"
              autoComplete="new-password"
              value={again}
              onChange={(e) => setAgain(e.target.value)}
            />
          </>
        )}
        {prompt.canRemember && (
          <Choice id={`pp-${id}-remember`} type="checkbox" checked={remember} onChange={setRemember}>
            Remember in keychain
            <span className="muted">
              Signet keeps this passphrase in the OS keychain and uses it before asking next time.
            </span>
          </Choice>
        )}
        {problem && (
          <p className="dlg-field-error" role="alert">
            {problem}
          </p>
        )}
        {error && <ErrorExplanation error={error} />}
      </form>
    </Dialog>
  );
}

/** Follows the passphrase events and shows the oldest waiting prompt (mounted once, by the dialog host). */
export function PassphraseLayer(): ReactNode {
  const api = useApi();
  const [prompts, setPrompts] = useState<PassphrasePrompt[]>([]);
  useEffect(() => {
    const offRequest = api.on('passphrase:request', (p) =>
      setPrompts((list) => [...list.filter((x) => x.requestId !== p.requestId), p]),
    );
    const offClosed = api.on('passphrase:closed', (c) =>
      setPrompts((list) => list.filter((x) => x.requestId !== c.requestId)),
    );
    return () => {
      offRequest();
      offClosed();
    };
  }, [api]);
  const current = prompts[0];
  if (!current) return null;
  const drop = (): void => setPrompts((list) => list.filter((x) => x.requestId !== current.requestId));
  return (
    <PassphraseDialog
      key={current.requestId}
      prompt={current}
      onAnswer={async (passphrase, remember) => {
        await api.passphrase.answer({
          requestId: current.requestId,
          passphrase,
          ...(remember ? { remember: true } : {}),
        });
        drop();
      }}
      onCancel={() => {
        drop();
        void api.passphrase.cancel({ requestId: current.requestId }).catch(() => undefined);
      }}
    />
  );
}
