/**
 * "Rotate keys", a guided wizard (notary key rotate): which key (the repository key, the snapshot
 * key to the server, the root key), what it means, confirm, then the rotation is signed and
 * published at once (notary publishes rotations immediately; they are not staged), asking the
 * passphrases of the keys that sign it and of the new key.
 */
import { useState, type ReactNode } from 'react';
import type { RotatableRoleDTO, RotateSummary } from '../../../electron/ipc/contract.ts';
import { FormDialog } from '../../components/form-dialog.tsx';
import { useAction } from '../../components/use-action.ts';
import { useApp } from '../../store/index.ts';
import { gunOf } from '../../lib/reference.ts';
import type { DialogProps } from '../../store/types.ts';
import { useApi } from '../../api.ts';
import { Choice } from '../../components/choice.tsx';

const STEPS = ['Key', 'Confirm', 'Done'] as const;

interface Choice {
  id: string;
  role: RotatableRoleDTO;
  serverManaged: boolean;
  label: string;
  help: string;
}

const CHOICES: Choice[] = [
  {
    id: 'targets',
    role: 'targets',
    serverManaged: false,
    label: 'Repository key (targets)',
    help: 'A new repository key replaces the current one (for example when it may have leaked). Signed tags stay valid; the root key signs the change.',
  },
  {
    id: 'snapshot',
    role: 'snapshot',
    serverManaged: true,
    label: 'Snapshot key → the trust server',
    help: 'The trust server creates and holds a new snapshot key, so publishing no longer needs a local snapshot key (docker’s layout).',
  },
  {
    id: 'root',
    role: 'root',
    serverManaged: false,
    label: 'Root key',
    help: 'A new root key replaces the current one. Clients that trusted the old root follow the rotation (the old key signs the new root too). Back up the new root key right away.',
  },
];

export function RotateKeyDialog({ reference, onClose }: DialogProps<'rotate-key'>): ReactNode {
  const api = useApi();
  const view = useApp((s) => s.views[reference]?.view);
  const loadView = useApp((s) => s.loadView);
  const loadKeys = useApp((s) => s.loadKeys);
  const gun = view?.gun ?? gunOf(reference);
  const [choice, setChoice] = useState<Choice>(CHOICES[0]!);
  const [step, setStep] = useState(0);
  const [result, setResult] = useState<RotateSummary | null>(null);
  // core's trust view says who renews the snapshot: the server does when it holds the snapshot key
  const snapshotOnServer = view?.roles.some((r) => r.role === 'snapshot' && r.renewal.by === 'server');
  const { run, busy, error } = useAction(async () => {
    setResult(await api.trust.rotateKey({ reference: gun, role: choice.role, serverManaged: choice.serverManaged }));
    setStep(2);
    void loadKeys();
    void loadView(reference, { force: true });
  });

  const submit = async (): Promise<void> => {
    if (step === 0) return setStep(1);
    await run();
  };

  return (
    <FormDialog
      title={`Rotate keys — ${gun}`}
      onClose={onClose}
      busy={busy}
      className="wizard rotate-wizard"
      steps={STEPS}
      step={step}
      formId="rotate-form"
      onSubmit={submit}
      error={error}
      onBack={step === 1 ? () => setStep(0) : undefined}
      done={!!result}
      primary={{ label: step === 0 ? 'Next' : busy ? 'Rotating…' : 'Rotate and publish' }}
      result={
        step === 2 &&
        result && (
          <div>
            <p className="dlg-success" role="status">
              Successfully rotated the {result.role} key of {result.gun}
            </p>
            <dl className="dlg-facts">
              <dt>New key</dt>
              <dd>{result.serverManaged ? 'held by the trust server' : <code>{result.newKeyId}</code>}</dd>
              <dt>Roles published</dt>
              <dd>{result.published.roles.join(', ')}</dd>
            </dl>
            {result.role === 'root' && <p className="dlg-warning">Back up the new root key now (Keys → Export).</p>}
          </div>
        )
      }
    >
      {step === 0 && (
        <fieldset>
          <legend>Which key</legend>
          {CHOICES.map((c) => (
            <Choice key={c.id} id={`rot-${c.id}`} name="rot" checked={choice.id === c.id} onChange={() => setChoice(c)}>
              {c.label}
              <span className="muted">
                {c.help}
                {c.id === 'snapshot' && snapshotOnServer
                  ? ' (Already on the server for this repository: this gives it a new one.)'
                  : ''}
              </span>
            </Choice>
          ))}
        </fieldset>
      )}
      {step === 1 && (
        <div>
          <p>
            Rotate the <strong>{choice.label.toLowerCase()}</strong> of {gun}. {choice.help}
          </p>
          <p className="dlg-warning">
            This is published at once (a rotation is not staged). You will be asked the passphrase of the root key, and
            of the new key where one is created.
          </p>
        </div>
      )}
    </FormDialog>
  );
}
