/**
 * "Sign tag": pick or type a tag; Signet resolves its digest and size from the registry (or, for a
 * tag somebody already signed, co-signs the signed digest as docker does), shows the roles it will
 * be signed into and with which of your keys, stages the signature (trust:sign with stageOnly),
 * then the review list publishes it — asking the passphrases — to "Successfully signed repo:tag".
 * A repository without trust data leads into "Initialize repository".
 */
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import type {
  ErrorDTO,
  ImagePlatformDTO,
  ResolvedDigest,
  SignSummary,
  TrustView,
} from '../../../electron/ipc/contract.ts';
import { Dialog, Steps } from '../../components/dialog.tsx';
import { DialogFooter } from '../../components/dialog-footer.tsx';
import { IdChip } from '../../components/id-chip.tsx';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { useAction } from '../../components/use-action.ts';
import { isNotSigned } from '../../lib/explain.ts';
import { formatSize, signersText } from '../../lib/format.ts';
import { errorToShow } from '../../store/errors.ts';
import { useApp } from '../../store/index.ts';
import { gunOf, tagError } from '../../lib/reference.ts';
import type { DialogProps } from '../../store/types.ts';
import { StagedChangesReview } from '../staged-changes/staged-changes.tsx';
import { useApi } from '../../api.ts';

const STEPS = ['Tag', 'Check', 'Review and publish'] as const;
const INDEX_TYPES = [
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.index.v1+json',
];

export interface SigningPlan {
  /** Roles the signature goes into (what trust:sign will do with every key you hold). */
  roles: string[];
  /** role → your key IDs for it. */
  keys: Record<string, string[]>;
  /** Delegations you hold a key of (candidates for "sign as"). */
  signers: string[];
  /** The repository has signers: the repository key alone cannot sign tags. */
  hasDelegations: boolean;
}

/** Which roles of this repository you can sign, and with which of your keys (from the trust view). */
export function signingPlan(view: TrustView): SigningPlan {
  const keys: Record<string, string[]> = {};
  const mine = new Set<string>();
  for (const s of view.signers) {
    if (s.localKeyIds.length > 0) {
      keys[s.role] = [...s.localKeyIds];
      for (const k of s.localKeyIds) mine.add(k);
    }
  }
  const signers = Object.keys(keys).map((r) => r.replace(/^targets\//, ''));
  // targets/releases has no file (and so no row in view.roles) until a tag is released in it; docker
  // puts every signer's key in it, so a signer key you hold is assumed to sign it then
  const releases = view.roles.find((r) => r.role === 'targets/releases');
  const releaseKeys = releases ? releases.keyIds.filter((k) => mine.has(k)) : [...mine];
  if (releaseKeys.length > 0) keys['targets/releases'] = releaseKeys;
  // as docker: once a repository has signers (delegations), only signer keys sign tags
  const hasDelegations = view.signers.length > 0 || view.roles.some((r) => r.role.startsWith('targets/'));
  const repoKeys = view.administrativeKeys.repository.filter((k) => k.holder === 'local').map((k) => k.canonicalId);
  if (!hasDelegations && repoKeys.length > 0) keys['targets'] = repoKeys;
  const order = (r: string): number => (r === 'targets' ? 0 : r === 'targets/releases' ? 1 : 2);
  const roles = Object.keys(keys).sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  return { roles, keys, signers, hasDelegations };
}

function KeyList({ ids }: { ids: string[] }): ReactNode {
  return (
    <>
      {ids.map((id) => (
        <code key={id} title={id} data-full={id}>
          {id.slice(0, 12)}{' '}
        </code>
      ))}
    </>
  );
}

/** "linux/arm64/v8": OS, architecture and variant, as docker names a platform. */
export function platformName(p: Pick<ImagePlatformDTO, 'os' | 'architecture' | 'variant'>): string {
  return [p.os, p.architecture, ...(p.variant ? [p.variant] : [])].join('/');
}

/** A manifest list / OCI index: what is signed (the index) and the platform images it lists. */
function PlatformTable({ resolved }: { resolved: ResolvedDigest }): ReactNode {
  const platforms = resolved.platforms ?? [];
  return (
    <>
      <p className="dlg-info">
        <strong>Multi-platform image (index).</strong> The signature covers the index digest above; the index names each
        platform’s image by its digest, so a verified pull of this tag on any of these platforms gets exactly the image
        listed here.
      </p>
      {platforms.length > 0 ? (
        <table className="dlg-table" aria-label="Platforms">
          <caption>
            {platforms.length} platform{platforms.length === 1 ? '' : 's'} in the index
          </caption>
          <thead>
            <tr>
              <th scope="col">Platform (OS/Arch/variant)</th>
              <th scope="col">Digest</th>
              <th scope="col">Size</th>
            </tr>
          </thead>
          <tbody>
            {platforms.map((p) => (
              <tr key={`${p.digest} ${platformName(p)}`}>
                <td>{platformName(p)}</td>
                <td>
                  <IdChip value={p.digest} kind={`digest of ${platformName(p)}`} />
                </td>
                <td>
                  {formatSize(p.size)} ({p.size} bytes)
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">The index names no platform (its entries carry no OS and architecture).</p>
      )}
    </>
  );
}

export function SignTagDialog({ reference, tag: initialTag, onClose }: DialogProps<'sign-tag'>): ReactNode {
  const api = useApi();
  const entry = useApp((s) => s.views[reference]);
  const loadView = useApp((s) => s.loadView);
  const openDialog = useApp((s) => s.openDialog);
  const view = entry?.view;
  const gun = view?.gun ?? gunOf(reference);
  const notInitialized =
    !view && entry?.status === 'error' && entry.error !== undefined && isNotSigned(entry.error.code);

  const [step, setStep] = useState(0);
  const [tag, setTag] = useState(initialTag ?? '');
  const [resolved, setResolved] = useState<ResolvedDigest | null>(null);
  const [resolveError, setResolveError] = useState<ErrorDTO | null>(null);
  const [signAs, setSignAs] = useState('');
  const [summary, setSummary] = useState<SignSummary | null>(null);
  const [done, setDone] = useState(false);
  const { run, busy, error, setError, setBusy } = useAction(async () => {
    const r = await api.trust.sign({
      reference: `${gun}:${tag.trim()}`,
      stageOnly: true,
      ...(signAs ? { signer: signAs } : {}),
    });
    setSummary(r);
    setStep(2);
  });

  useEffect(() => {
    if (!entry) void loadView(reference);
  }, [entry, loadView, reference]);

  const plan = useMemo(() => (view ? signingPlan(view) : null), [view]);
  const signed = view?.signedTags.find((t) => t.tag === tag.trim());
  const roles = plan
    ? signAs
      ? plan.roles.filter((r) => r === `targets/${signAs}` || r === 'targets/releases')
      : plan.roles
    : [];

  const check = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const t = tag.trim();
    const bad = tagError(gun, t);
    if (bad) return setError(bad);
    setError(null);
    setBusy(true);
    setResolved(null);
    setResolveError(null);
    try {
      setResolved(await api.trust.resolveDigest(`${gun}:${t}`));
    } catch (err) {
      setResolveError(errorToShow(err));
    } finally {
      setBusy(false);
    }
    setStep(1);
  };

  const stage = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    await run();
  };

  const initialize = (): void => openDialog({ kind: 'initialize-repository', reference, thenSign: tag.trim() });

  const isIndex = resolved !== null && (resolved.platforms !== undefined || INDEX_TYPES.includes(resolved.mediaType));
  const digestDiffers = signed && resolved && resolved.digest !== signed.digest;
  const canSign = !!plan && roles.length > 0 && (resolved !== null || signed !== undefined);

  return (
    <Dialog
      title={step === 2 && done ? `Signed ${gun}:${tag.trim()}` : `Sign tag — ${gun}`}
      onClose={onClose}
      busy={busy}
      wide
      className="wizard sign-tag-wizard"
      steps={<Steps steps={STEPS} current={step} />}
      actions={
        <DialogFooter
          busy={busy}
          onCancel={onClose}
          onBack={step === 1 ? () => setStep(0) : undefined}
          spacer
          done={done}
          staged={step === 2}
          primary={
            step === 0 && !notInitialized
              ? { form: 'sign-tag-form', label: busy ? 'Checking…' : 'Next', disabled: tag.trim() === '' }
              : step === 1
                ? { form: 'sign-stage-form', label: busy ? 'Staging…' : 'Stage signature', disabled: !canSign }
                : undefined
          }
        />
      }
    >
      {notInitialized && (
        <div>
          <p className="dlg-info">
            <strong>{gun} has no trust data yet.</strong> Before a tag can be signed, the repository needs a root key, a
            repository key and (usually) a signer. Initialize it first; Signet then continues with signing.
          </p>
          <button type="button" onClick={initialize} data-autofocus="">
            Initialize repository
          </button>
        </div>
      )}

      {!notInitialized && step === 0 && (
        <form id="sign-tag-form" onSubmit={(e) => void check(e)}>
          <label htmlFor="sign-tag-input">Tag</label>
          <input
            id="sign-tag-input"
            type="text"
            list="sign-tag-known"
            value={tag}
            onChange={(e) => setTag(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            data-autofocus=""
          />
          <datalist id="sign-tag-known">
            {(view?.signedTags ?? []).map((t) => (
              <option key={t.tag} value={t.tag} />
            ))}
          </datalist>
          <p className="dlg-hint">Type a tag pushed to the registry, or pick a signed one to co-sign it.</p>
          {!entry || entry.status === 'loading' ? <p role="status">Loading the repository’s trust data…</p> : null}
          {error && <ErrorExplanation error={error} />}
        </form>
      )}

      {!notInitialized && step === 1 && (
        <form id="sign-stage-form" onSubmit={(e) => void stage(e)}>
          <dl className="dlg-facts" aria-label="Image">
            <dt>Image</dt>
            <dd>
              {gun}:{tag.trim()}
            </dd>
            {resolved && (
              <>
                <dt>Digest (registry)</dt>
                <dd>
                  <code data-full={resolved.digest}>sha256:{resolved.digest}</code>
                </dd>
                <dt>Size</dt>
                <dd>
                  {formatSize(resolved.size)} ({resolved.size} bytes)
                </dd>
                <dt>Media type</dt>
                <dd>{resolved.mediaType}</dd>
              </>
            )}
          </dl>
          {isIndex && resolved && <PlatformTable resolved={resolved} />}
          {signed && (
            <p className="dlg-info">
              <strong>Already signed by {signersText(signed.signers)}.</strong> You will co-sign the same digest{' '}
              <code data-full={signed.digest}>{signed.digest.slice(0, 12)}</code> ({formatSize(signed.size)}), as docker
              does.
              {digestDiffers &&
                ' The registry now has a different image under this tag; the signed digest is kept. To sign the new image, revoke the tag first.'}
            </p>
          )}
          {resolveError && !signed && (
            <ErrorExplanation
              error={resolveError}
              heading={`Signet could not resolve ${gun}:${tag.trim()} in the registry.`}
            />
          )}
          {plan && plan.roles.length === 0 && (
            <div className="error-explanation" role="alert">
              <p>
                <strong>You hold no key that can sign for {gun}.</strong>{' '}
                {plan.hasDelegations
                  ? 'This repository has signers, so only a signer’s key signs tags, and none of its signers’ keys is on this computer.'
                  : 'The repository key of this repository is not on this computer.'}
              </p>
              <p className="error-action">
                <strong>What to do:</strong> import the repository key or your signer key (Keys → Import), or ask the
                repository’s administrator to add you as a signer.
              </p>
            </div>
          )}
          {plan && plan.signers.length > 1 && (
            <>
              <label htmlFor="sign-as">Sign as</label>
              <select id="sign-as" value={signAs} onChange={(e) => setSignAs(e.target.value)}>
                <option value="">every role you hold a key for</option>
                {plan.signers.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </>
          )}
          {plan && roles.length > 0 && (
            <table className="dlg-table" aria-label="Roles to sign">
              <caption>It will be signed into these roles, with your keys</caption>
              <thead>
                <tr>
                  <th scope="col">Role</th>
                  <th scope="col">Your key</th>
                </tr>
              </thead>
              <tbody>
                {roles.map((r) => (
                  <tr key={r}>
                    <td>{r}</td>
                    <td>
                      <KeyList ids={plan.keys[r] ?? []} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="muted small-text">
            Nothing is published yet: the signature is staged, then you review and publish it (the passphrases are asked
            then).
          </p>
          {error && <ErrorExplanation error={error} />}
          {error && isNotSigned(error.code) && (
            <button type="button" onClick={initialize}>
              Initialize repository
            </button>
          )}
        </form>
      )}

      {step === 2 && summary && (
        <div>
          {!done && <p>Signed into: {summary.roles.join(', ') || 'no role'} — staged, not published yet.</p>}
          {!done && summary.existingSigners.length > 0 && (
            <p className="muted">
              Existing signatures for {tag.trim()}: {summary.existingSigners.join(', ')}
            </p>
          )}
          {!done && summary.unchanged.length > 0 && (
            <p className="muted">Already signed identically in: {summary.unchanged.join(', ')}</p>
          )}
          <StagedChangesReview
            reference={reference}
            onBusy={setBusy}
            publishLabel="Publish signature"
            successText={() => `Successfully signed ${gun}:${tag.trim()}`}
            onPublished={() => setDone(true)}
          />
        </div>
      )}
    </Dialog>
  );
}
