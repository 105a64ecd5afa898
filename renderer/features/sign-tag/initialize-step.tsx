/**
 * The Sign dialog's "Initialize" step, for a repository without trust data: the root key (one of
 * yours, or a new one), the new repository key, and the first signer, named after the registry
 * login as docker names it, or another name.
 */
import type { ReactNode } from 'react';
import type { KeyInfoDTO, SigningPlan } from '../../../electron/ipc/contract.ts';

export interface NewRepositoryChoice {
  /** A root key ID, or 'new'. */
  root: string;
  signer: 'login' | 'other';
  otherName: string;
}

/** docker's rule for signer names (core/trust/roles.ts checkSignerName). */
const SIGNER_NAME = /^[a-z0-9][a-z0-9_-]{0,253}$/;

/** The first signer's name as chosen; undefined when none can be used yet. */
export function chosenSigner(choice: NewRepositoryChoice, login: string | undefined): string | undefined {
  const name = choice.signer === 'login' ? login : choice.otherName.trim();
  return name !== undefined && name !== '' ? name : undefined;
}

/** Why the chosen signer name cannot be used, or null. */
export function signerNameProblem(name: string | undefined): string | null {
  if (name === undefined) return 'Type the first signer’s name.';
  if (!SIGNER_NAME.test(name) || name === 'releases')
    return 'A signer name is lower-case letters, digits, _ and - (not "releases"), starting with a letter or digit.';
  return null;
}

export function InitializeStep({
  gun,
  loginPlan,
  roots,
  choice,
  setChoice,
  problem,
}: {
  gun: string;
  /** The plan asked without a signer name: its creates.signer is the registry login. */
  loginPlan: SigningPlan;
  roots: KeyInfoDTO[];
  choice: NewRepositoryChoice;
  setChoice: (c: NewRepositoryChoice) => void;
  problem: string | null;
}): ReactNode {
  const login = loginPlan.creates?.signer;
  const set = (over: Partial<NewRepositoryChoice>): void => setChoice({ ...choice, ...over });
  return (
    <>
      <p className="dlg-info">
        <strong>{gun} has no trust data yet.</strong> Signing a tag creates it first, as docker trust sign does: a root
        key, a repository key and a first signer.
      </p>
      <fieldset>
        <legend>Root key</legend>
        <p className="muted small-text">
          The root key is the repository’s anchor of trust: it signs which keys may sign what. Keep it offline and
          backed up.
        </p>
        {roots.map((k) => (
          <div className="dlg-choice" key={k.id}>
            <input
              type="radio"
              id={`sign-root-${k.id}`}
              name="sign-root"
              checked={choice.root === k.id}
              onChange={() => set({ root: k.id })}
            />
            <label htmlFor={`sign-root-${k.id}`}>
              Use my root key <code>{k.id.slice(0, 12)}</code>
              <span className="muted">{k.where}</span>
            </label>
          </div>
        ))}
        <div className="dlg-choice">
          <input
            type="radio"
            id="sign-root-new"
            name="sign-root"
            checked={choice.root === 'new'}
            onChange={() => set({ root: 'new' })}
          />
          <label htmlFor="sign-root-new">
            Create a new root key
            <span className="muted">You will choose its passphrase; there is no way to recover it if lost.</span>
          </label>
        </div>
      </fieldset>
      <p>
        A new <strong>repository key</strong> (docker’s name for the targets key) will be created; the snapshot and
        timestamp keys are created and held by the trust server.
      </p>
      <fieldset>
        <legend>First signer</legend>
        <div className="dlg-choice">
          <input
            type="radio"
            id="sign-signer-login"
            name="sign-signer"
            checked={choice.signer === 'login'}
            disabled={login === undefined}
            onChange={() => set({ signer: 'login' })}
          />
          <label htmlFor="sign-signer-login">
            {login !== undefined ? (
              <>
                Named after your registry login: <strong>{login}</strong>
              </>
            ) : (
              'Named after your registry login'
            )}
            <span className="muted">
              {login !== undefined
                ? 'As docker names the first signer.'
                : (loginPlan.creates?.signerProblem ?? 'No registry login found.')}
            </span>
          </label>
        </div>
        <div className="dlg-choice">
          <input
            type="radio"
            id="sign-signer-other"
            name="sign-signer"
            checked={choice.signer === 'other'}
            onChange={() => set({ signer: 'other' })}
          />
          <label htmlFor="sign-signer-other">Another name</label>
        </div>
        {choice.signer === 'other' && (
          <>
            <label htmlFor="sign-signer-name">Signer name</label>
            <input
              id="sign-signer-name"
              type="text"
              value={choice.otherName}
              onChange={(e) => set({ otherName: e.target.value })}
              autoComplete="off"
              spellCheck={false}
            />
          </>
        )}
        <p className="muted small-text">
          The signer signs tags with their own key (your key with that name, or a new one), in targets/releases too.
        </p>
        {problem && (
          <p className="dlg-field-error" role="alert">
            {problem}
          </p>
        )}
      </fieldset>
    </>
  );
}
