/**
 * The Sign dialog's "Initialize" step, for a repository without trust data: the root key (one of
 * yours, or a new one), the new repository key, and the first signer, named after the registry
 * login as docker names it, or another name.
 */
import type { ReactNode } from 'react';
import { RootKeyChoice } from '../../components/root-key-choice.tsx';
import type { KeyInfoDTO, SigningPlan } from '../../../electron/ipc/contract.ts';
import { signerNameProblem as policyNameProblem } from '../../../core/trust/policy.ts';
import { Choice } from '../../components/choice.tsx';
import { TextField } from '../../components/text-field.tsx';

export interface NewRepositoryChoice {
  /** A root key ID, or 'new'. */
  root: string;
  signer: 'login' | 'other';
  otherName: string;
}

/** The first signer's name as chosen; undefined when none can be used yet. */
export function chosenSigner(choice: NewRepositoryChoice, login: string | undefined): string | undefined {
  const name = choice.signer === 'login' ? login : choice.otherName.trim();
  return name !== undefined && name !== '' ? name : undefined;
}

/** Why the chosen signer name cannot be used, or null. */
export function signerNameProblem(name: string | undefined): string | null {
  if (name === undefined) return 'Type the first signer’s name.';
  return policyNameProblem(name)?.rule ?? null;
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
      <RootKeyChoice roots={roots} value={choice.root} onChange={(root) => set({ root })} name="sign-root" />
      <p>
        A new <strong>repository key</strong> (docker’s name for the targets key) will be created; the snapshot and
        timestamp keys are created and held by the trust server.
      </p>
      <fieldset>
        <legend>First signer</legend>
        <Choice
          id="sign-signer-login"
          name="sign-signer"
          checked={choice.signer === 'login'}
          disabled={login === undefined}
          onChange={() => set({ signer: 'login' })}
        >
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
        </Choice>
        <Choice
          id="sign-signer-other"
          name="sign-signer"
          checked={choice.signer === 'other'}
          onChange={() => set({ signer: 'other' })}
        >
          Another name
        </Choice>
        {choice.signer === 'other' && (
          <>
            <TextField
              id="sign-signer-name"
              label="Signer name"
              value={choice.otherName}
              onChange={(v) => set({ otherName: v })}
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
