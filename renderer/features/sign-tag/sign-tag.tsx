/**
 * "Sign tag": the tag (typed, or from the registry's list), then the signing plan from core
 * (trust:signingPlan: roles, your keys, a co-signed digest), the same code that signs, so the
 * preview is what signing does. On a repository with trust data the signature is staged
 * (trust:sign with stageOnly) and published from the review list, asking the passphrases. On a
 * repository without trust data (or one the trust server does not know) the dialog leads through
 * initializing it (root key, repository key, first signer named after the registry login) and
 * signs in one publish, as docker trust sign does. Both end with "Successfully signed repo:tag".
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { SignSummary } from '../../../electron/ipc/contract.ts';
import { FormDialog } from '../../components/form-dialog.tsx';
import { useAction } from '../../components/use-action.ts';
import { tagError } from '../../lib/reference.ts';
import { useApp, useGun } from '../../store/index.ts';
import type { DialogProps } from '../../store/types.ts';
import { useApi } from '../../api.ts';
import { StagedChangesReview } from '../staged-changes/staged-changes.tsx';
import { chosenSigner, InitializeStep, signerNameProblem, type NewRepositoryChoice } from './initialize-step.tsx';
import { CheckStep } from './check-step.tsx';
import { SignedNew } from './signed-new.tsx';
import { PushStep } from './push-step.tsx';
import { TagStep } from './tag-step.tsx';
import { useSigningCheck } from './use-signing-check.ts';
import { useLocalImages, useLocalPush } from './use-local-push.ts';

type Step = 'tag' | 'push' | 'initialize' | 'check' | 'review';
const STEPS_EXISTING = ['Tag', 'Check', 'Review and publish'] as const;
const STEPS_NEW = ['Tag', 'Initialize', 'Check and sign'] as const;

export function SignTagDialog({ reference, tag: initialTag, onClose }: DialogProps<'sign-tag'>): ReactNode {
  const api = useApi();
  const entry = useApp((s) => s.views[reference]);
  const keys = useApp((s) => s.keys);
  const loadKeys = useApp((s) => s.loadKeys);
  const loadView = useApp((s) => s.loadView);
  const gun = useGun(reference);
  const roots = keys.filter((k) => k.role === 'root');

  const [step, setStep] = useState<Step>('tag');
  const [tag, setTag] = useState(initialTag ?? '');
  const [signAs, setSignAs] = useState('');
  const [choice, setChoice] = useState<NewRepositoryChoice>({ root: 'new', signer: 'login', otherName: '' });
  const [problem, setProblem] = useState<string | null>(null);
  const [summary, setSummary] = useState<SignSummary | null>(null);
  const [done, setDone] = useState(false);
  const [push, setPush] = useState(false);
  const local = useLocalImages(gun);
  const pusher = useLocalPush();
  const t = tag.trim();
  const image = `${gun}:${t}`;
  const check = useSigningCheck(image);
  const { plan, firstPlan } = check;
  // the plan says it; until it is asked, the trust view's "not initialized" does
  const creating = firstPlan
    ? firstPlan.creates !== undefined
    : !entry?.view && entry?.error?.code === 'NOTARY_NOT_INITIALIZED';
  const signer = chosenSigner(choice, firstPlan?.creates?.signer);

  useEffect(() => {
    void loadKeys();
  }, [loadKeys]);

  const action = useAction(async (run: () => Promise<void>) => run());
  const { busy, error, setError } = action;

  /** After the tag (and its push): the plan decides whether the repository is initialized on the way. */
  const askPlan = async (pushed: boolean): Promise<void> => {
    const first = await check.start(pushed);
    if (first?.creates) {
      setChoice({
        root: first.creates.rootKeyId ?? 'new',
        signer: first.creates.signer ? 'login' : 'other',
        otherName: '',
      });
      setStep('initialize');
    } else setStep('check');
  };

  const submitTag = (): void => {
    const bad = tagError(gun, t);
    if (bad) return setError(bad);
    if (!push) return void action.run(() => askPlan(false));
    setStep('push');
    void action.run(async () => {
      if (await pusher.push(image)) await askPlan(true);
    });
  };

  const submitInitialize = (): void => {
    const bad = signerNameProblem(signer);
    setProblem(bad);
    if (bad) return;
    void action.run(async () => {
      await check.replan({ signer: signer!, ...(choice.root !== 'new' ? { rootKeyId: choice.root } : {}) });
      setStep('check');
    });
  };

  const changeSignAs = (name: string): void => {
    setSignAs(name);
    void action.run(() => check.replan(name ? { signer: name } : {}));
  };

  const submitCheck = (): void => {
    void action.run(async () => {
      if (!creating) {
        setSummary(
          await api.trust.sign({
            reference: image,
            stageOnly: true,
            ...(signAs ? { signer: signAs } : {}),
            ...(check.fresh ? { fresh: true } : {}),
          }),
        );
        setStep('review');
        return;
      }
      // a new root key is made first (its own passphrase prompt) when you have others, so it is not reused
      let rootKeyId = choice.root !== 'new' ? choice.root : undefined;
      if (rootKeyId === undefined && roots.length > 0) rootKeyId = (await api.keys.generate({ role: 'root' })).id;
      const r = await api.trust.sign({
        reference: image,
        signer: signer!,
        ...(rootKeyId ? { rootKeyId } : {}),
        ...(check.fresh ? { fresh: true } : {}),
      });
      setSummary(r);
      setDone(true);
      setStep('review');
      void loadKeys();
      void loadView(reference, { force: true });
    });
  };

  const canSign =
    plan !== null && check.planError === null && plan.roles.length > 0 && (check.resolved !== null || !!plan.existing);
  const steps = creating ? STEPS_NEW : STEPS_EXISTING;
  const index = { tag: 0, push: 0, initialize: 1, check: creating ? 2 : 1, review: creating ? 3 : 2 }[step];
  const back =
    step === 'initialize' || (step === 'push' && !pusher.running)
      ? 'tag'
      : step === 'check'
        ? creating
          ? 'initialize'
          : 'tag'
        : undefined;
  const form =
    step === 'tag'
      ? { id: 'sign-tag-form', submit: submitTag }
      : step === 'initialize'
        ? { id: 'sign-init-form', submit: submitInitialize }
        : { id: 'sign-stage-form', submit: submitCheck };
  const primary =
    step === 'tag'
      ? { label: busy ? 'Checking…' : push ? 'Push and continue' : 'Next', disabled: t === '' }
      : step === 'push'
        ? undefined // Cancel push is in the step itself: the footer waits while busy
        : step === 'initialize'
          ? { label: busy ? 'Checking…' : 'Next' }
          : step === 'check'
            ? {
                label: creating ? (busy ? 'Signing…' : 'Sign and publish') : busy ? 'Staging…' : 'Stage signature',
                disabled: !canSign,
              }
            : undefined;

  /** The push's progress, or the outcome and review: shown instead of a step's form. */
  const outcome =
    step === 'push' ? (
      <PushStep gun={gun} tag={t} push={pusher} />
    ) : step === 'review' && summary ? (
      creating ? (
        <SignedNew summary={summary} />
      ) : (
        <div>
          {!done && <p>Signed into: {summary.roles.join(', ') || 'no role'} — staged, not published yet.</p>}
          {!done && summary.existingSigners.length > 0 && (
            <p className="muted">
              Existing signatures for {t}: {summary.existingSigners.join(', ')}
            </p>
          )}
          {!done && summary.unchanged.length > 0 && (
            <p className="muted">Already signed identically in: {summary.unchanged.join(', ')}</p>
          )}
          <StagedChangesReview
            reference={reference}
            onBusy={action.setBusy}
            publishLabel="Publish signature"
            successText={() => `Successfully signed ${image}`}
            onPublished={() => setDone(true)}
          />
        </div>
      )
    ) : null;

  return (
    <FormDialog
      title={done ? `Signed ${image}` : `Sign tag — ${gun}`}
      onClose={onClose}
      busy={busy}
      className="wizard sign-tag-wizard"
      steps={steps}
      step={done ? steps.length : index}
      formId={form.id}
      onSubmit={form.submit}
      error={error}
      onBack={back ? () => (setError(null), setStep(back)) : undefined}
      done={done}
      staged={step === 'review' && !creating}
      primary={primary}
      result={outcome}
    >
      {step === 'tag' && (
        <>
          <TagStep
            gun={gun}
            tag={tag}
            setTag={setTag}
            signedTags={entry?.view?.signedTags ?? []}
            local={local}
            push={push}
            setPush={setPush}
          />
        </>
      )}
      {step === 'initialize' && firstPlan && (
        <InitializeStep
          gun={gun}
          loginPlan={firstPlan}
          roots={roots}
          choice={choice}
          setChoice={setChoice}
          problem={problem}
        />
      )}
      {step === 'check' && (
        <>
          {check.fresh && pusher.pushed && (
            <p role="status" className="small-text pushed-line">
              Pushed from the Docker engine:{' '}
              <code>
                {t}: digest: sha256:{pusher.pushed.digest} size: {pusher.pushed.size}
              </code>
            </p>
          )}
          <CheckStep
            gun={gun}
            image={image}
            check={check}
            creating={creating}
            newRoot={choice.root === 'new'}
            roots={roots}
            signAs={signAs}
            onSignAs={changeSignAs}
            busy={busy}
          />
        </>
      )}
    </FormDialog>
  );
}
