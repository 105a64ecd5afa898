/**
 * "Initialize repository": choose one of your root keys or create one, a new repository (targets)
 * key is created, optionally a first signer (name; a new key, or one of your keys / an imported
 * key file with that name), then confirm. Creating a repository cannot be staged: the confirm step
 * lists everything that will be created, and the passphrase dialogs name each key as docker does
 * ("Enter passphrase for new repository key with ID 731396b"). Ends with the repository's tables.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ChosenFileDTO, InitializeSummary, KeyInfoDTO } from '../../../electron/ipc/contract.ts';
import { FileChoice } from '../../components/file-choice.tsx';
import { FormDialog } from '../../components/form-dialog.tsx';
import { RootKeyChoice } from '../../components/root-key-choice.tsx';
import { useAction } from '../../components/use-action.ts';
import { useApp, useGun } from '../../store/index.ts';
import type { DialogProps } from '../../store/types.ts';
import { useApi } from '../../api.ts';
import { signerNameProblem } from '../../../core/trust/policy.ts';
import { TokenChoice, useP256Tokens } from '../key-manager/token-choice.tsx';
import { Choice } from '../../components/choice.tsx';
import { TextField } from '../../components/text-field.tsx';

const STEPS = ['Root key', 'Repository key', 'First signer', 'Confirm'] as const;

type SignerKey = 'new' | 'mine' | 'file';

export function InitRepositoryDialog({
  reference,
  thenSign: requested,
  onClose,
}: DialogProps<'initialize-repository'>): ReactNode {
  const thenSign = requested || undefined;
  const api = useApi();
  const keys = useApp((s) => s.keys);
  const loadKeys = useApp((s) => s.loadKeys);
  const loadView = useApp((s) => s.loadView);
  const openDialog = useApp((s) => s.openDialog);
  const select = useApp((s) => s.select);
  const gun = useGun(reference);

  const roots = useMemo(() => keys.filter((k) => k.role === 'root'), [keys]);
  const [step, setStep] = useState(0);
  const [root, setRoot] = useState<string>('new');
  const [withSigner, setWithSigner] = useState(false);
  const [signer, setSigner] = useState('');
  const [signerKey, setSignerKey] = useState<SignerKey>('new');
  const [keyFile, setKeyFile] = useState<ChosenFileDTO | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [imported, setImported] = useState<KeyInfoDTO | null>(null);
  const [result, setResult] = useState<InitializeSummary | null>(null);
  const tokens = useP256Tokens();
  /** A new root key: '' = this computer, else the token it is made on. */
  const [rootToken, setRootToken] = useState('');

  useEffect(() => {
    void loadKeys();
  }, [loadKeys]);
  useEffect(() => {
    if (roots.length > 0 && root === 'new' && step === 0 && !result) setRoot(roots[0]!.id);
    // only once the keys arrive
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [roots.length]);

  const signerKeys = keys.filter((k) => k.role === signer.trim());

  const next = (): void => {
    setFieldError(null);
    if (step === 2 && withSigner) {
      const n = signer.trim();
      const badName = signerNameProblem(n);
      if (badName) return setFieldError(badName.rule);
      if (signerKey === 'mine' && signerKeys.length === 0)
        return setFieldError(`You hold no key named ${n}. Choose "a new key" or import a key file.`);
      if (signerKey === 'file' && !keyFile) return setFieldError('Choose the key file (<id>.key) with “Choose file…”.');
    }
    setStep((s) => s + 1);
  };

  const { run, busy, error } = useAction(async () => {
    const name = withSigner ? signer.trim() : undefined;
    if (name && signerKey === 'file' && keyFile && !imported) {
      const [k] = await api.keys.import({ file: keyFile.handle, role: name });
      setImported(k ?? null);
    }
    // trust:initialize uses your first root key when none is named: a new one is generated first
    let rootKeyId = root !== 'new' ? root : undefined;
    if (rootKeyId === undefined && (roots.length > 0 || rootToken))
      rootKeyId = (await api.keys.generate({ role: 'root', ...(rootToken ? { token: rootToken } : {}) })).id;
    const r = await api.trust.initialize({
      reference: gun,
      ...(rootKeyId !== undefined ? { rootKeyId } : {}),
      ...(name ? { signer: name } : {}),
    });
    setResult(r);
    void loadKeys();
    select(reference);
    void loadView(reference, { force: true });
  });
  const rootKey = roots.find((k) => k.id === root);

  return (
    <FormDialog
      title={result ? `Initialized ${gun}` : `Initialize repository — ${gun}`}
      onClose={onClose}
      busy={busy}
      className="wizard init-wizard"
      steps={STEPS}
      step={result ? STEPS.length : step}
      formId="init-step-form"
      onSubmit={step === 3 ? run : next}
      // the error of initializing, shown on the step that confirms it
      error={step === 3 ? error : null}
      onBack={step > 0 ? () => setStep((s) => s - 1) : undefined}
      primary={{ label: step < 3 ? 'Next' : busy ? 'Initializing…' : 'Initialize' }}
      result={
        result && (
          <div>
            <p className="dlg-success" role="status">
              Successfully initialized {result.gun}
            </p>
            <dl className="dlg-facts">
              <dt>Root key</dt>
              <dd>
                <code>{result.rootKeyId}</code>{' '}
                {result.createdRootKey ? '(new — back it up: Keys → Export)' : '(existing)'}
              </dd>
              <dt>Repository key</dt>
              <dd>
                <code>{result.targetsKeyId}</code> (new)
              </dd>
              <dt>Snapshot and timestamp keys</dt>
              <dd>held by the trust server</dd>
              {result.signer && (
                <>
                  <dt>First signer</dt>
                  <dd>
                    {result.signer.name}, key <code>{result.signer.keyId}</code>
                  </dd>
                </>
              )}
            </dl>
            <p className="muted">
              The repository’s tables are shown behind this dialog{thenSign ? `; continue to sign ${thenSign}` : ''}.
            </p>
          </div>
        )
      }
      resultActions={
        <>
          <span className="dlg-spacer" />
          {thenSign && (
            <button
              type="button"
              onClick={() => openDialog({ kind: 'sign-tag', reference, ...(thenSign ? { tag: thenSign } : {}) })}
            >
              Continue: sign {thenSign}
            </button>
          )}
          <button type="button" className={thenSign ? 'secondary' : undefined} onClick={onClose} data-autofocus="">
            Show the repository
          </button>
        </>
      }
    >
      {step === 0 && <RootKeyChoice roots={roots} value={root} onChange={setRoot} name="root" />}
      {step === 0 && root === 'new' && (
        <TokenChoice
          tokens={tokens}
          value={rootToken}
          onChange={setRootToken}
          name="init-root-where"
          legend="Where the new root key is made"
        />
      )}
      {step === 1 && (
        <div>
          <p>
            A new <strong>repository key</strong> (docker’s name for the targets key) will be created for {gun}. It
            signs the repository’s tags and its list of signers; you will choose its passphrase.
          </p>
          <p className="muted">
            The snapshot and timestamp keys are created and held by the trust server, as docker does.
          </p>
        </div>
      )}
      {step === 2 && (
        <fieldset>
          <legend>First signer (optional)</legend>
          <Choice id="init-with-signer" type="checkbox" checked={withSigner} onChange={setWithSigner}>
            Add a first signer
            <span className="muted">
              A signer signs tags with their own key (a delegation); docker names the first one after the registry
              login.
            </span>
          </Choice>
          {withSigner && (
            <>
              <TextField id="init-signer-name" label="Signer name" value={signer} onChange={setSigner} />
              <Choice id="sk-new" name="sk" checked={signerKey === 'new'} onChange={() => setSignerKey('new')}>
                A new key (or your existing key with that name)
              </Choice>
              <Choice id="sk-mine" name="sk" checked={signerKey === 'mine'} onChange={() => setSignerKey('mine')}>
                One of my keys
                <span className="muted">
                  {signer.trim() === ''
                    ? 'type the name first'
                    : signerKeys.length > 0
                      ? signerKeys.map((k) => k.id.slice(0, 12)).join(', ')
                      : `no key named ${signer.trim()}`}
                </span>
              </Choice>
              <Choice id="sk-file" name="sk" checked={signerKey === 'file'} onChange={() => setSignerKey('file')}>
                Import a key file
              </Choice>
              {signerKey === 'file' && (
                <FileChoice
                  id="init-key-file"
                  label="Key file"
                  open="key-import"
                  chosen={keyFile ? [keyFile] : []}
                  onChosen={([f]) => (setKeyFile(f ?? null), setFieldError(null))}
                />
              )}
            </>
          )}
          {fieldError && (
            <p className="dlg-field-error" role="alert">
              {fieldError}
            </p>
          )}
        </fieldset>
      )}
      {step === 3 && (
        <div>
          <p>Signet will create the trust data of {gun} and publish it to the trust server:</p>
          <ul className="dlg-list" aria-label="What will be created">
            <li>
              Root key:{' '}
              {rootKey ? (
                <>
                  your key <code>{rootKey.id.slice(0, 12)}</code>
                </>
              ) : rootToken ? (
                `a new root key on the token “${rootToken}” (its PIN asked)`
              ) : (
                'a new root key (passphrase asked, twice)'
              )}
            </li>
            <li>Repository key: a new key (passphrase asked, twice)</li>
            <li>Snapshot and timestamp keys: on the trust server</li>
            {withSigner && (
              <li>
                First signer {signer.trim()}:{' '}
                {signerKey === 'file'
                  ? `the key in ${keyFile?.name ?? 'the key file'} (imported first)`
                  : signerKey === 'mine'
                    ? 'your key with that name'
                    : 'your key with that name, or a new one'}
                , also in targets/releases
              </li>
            )}
          </ul>
          <p className="muted small-text">
            A new repository is published in one step: there is nothing to stage before it exists.
          </p>
          {imported && (
            <p className="muted">
              Imported key {imported.id.slice(0, 12)} into {imported.where}.
            </p>
          )}
        </div>
      )}
    </FormDialog>
  );
}
