/** The Sign dialog's check step: the image, and the signing plan from core (or why it cannot be made). */
import type { ReactNode } from 'react';
import type { KeyInfoDTO } from '../../../electron/ipc/contract.ts';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { ImageFacts } from './platforms.tsx';
import { CreatesList, ExistingNote, RolesTable } from './plan-view.tsx';
import type { SigningCheck } from './use-signing-check.ts';

export function CheckStep({
  gun,
  image,
  check,
  creating,
  newRoot,
  roots,
  signAs,
  onSignAs,
  busy,
}: {
  gun: string;
  image: string;
  check: SigningCheck;
  /** The repository has no trust data: signing creates it. */
  creating: boolean;
  newRoot: boolean;
  roots: KeyInfoDTO[];
  signAs: string;
  onSignAs: (signer: string) => void;
  busy: boolean;
}): ReactNode {
  const { plan, firstPlan } = check;
  return (
    <>
      <ImageFacts image={image} resolved={check.resolved} />
      {plan?.existing && <ExistingNote existing={plan.existing} resolved={check.resolved} />}
      {check.resolveError && !plan?.existing && (
        <ErrorExplanation error={check.resolveError} heading={`Signet could not resolve ${image} in the registry.`} />
      )}
      {check.planError && <ErrorExplanation error={check.planError} heading={`Signet cannot sign ${image}.`} />}
      {plan && creating && <CreatesList gun={gun} plan={plan} newRoot={newRoot} roots={roots} />}
      {firstPlan && !creating && firstPlan.signers.length > 1 && (
        <>
          <label htmlFor="sign-as">Sign as</label>
          <select id="sign-as" value={signAs} onChange={(e) => onSignAs(e.target.value)} disabled={busy}>
            <option value="">every role you hold a key for</option>
            {firstPlan.signers.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </>
      )}
      {plan && !check.planError && plan.roles.length > 0 && <RolesTable plan={plan} />}
      {plan && plan.staged > 0 && (
        <p className="muted">
          {plan.staged} change{plan.staged === 1 ? '' : 's'} staged earlier will be published along.
        </p>
      )}
      <p className="muted small-text">
        {creating
          ? 'Creating a repository cannot be staged: signing publishes it at once, asking each new key’s passphrase.'
          : 'Nothing is published yet: the signature is staged, then you review and publish it (the passphrases are asked then).'}
      </p>
    </>
  );
}
