/**
 * "Remove signer": the impact first (trust:removeSignerPreview — the tags that lose their last
 * signature and would no longer be pullable with content trust, the keys removed, whether
 * targets/releases goes too), an explicit confirmation when tags become unpullable, then the
 * removal is staged and reviewed before publishing.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { RemoveSignerImpactDTO } from '../../../electron/ipc/contract.ts';
import { FormDialog } from '../../components/form-dialog.tsx';
import { useAction } from '../../components/use-action.ts';
import { errorToShow } from '../../store/errors.ts';
import { useGun } from '../../store/index.ts';
import type { DialogProps } from '../../store/types.ts';
import { StagedChangesReview } from '../staged-changes/staged-changes.tsx';
import { useApi } from '../../api.ts';
import { Choice } from '../../components/choice.tsx';

const STEPS = ['Impact', 'Review and publish'] as const;

export function RemoveSignerDialog({ reference, name, onClose }: DialogProps<'remove-signer'>): ReactNode {
  const api = useApi();
  const gun = useGun(reference);
  const [impact, setImpact] = useState<RemoveSignerImpactDTO | null>(null);
  const [step, setStep] = useState(0);
  const [confirmed, setConfirmed] = useState(false);
  const [done, setDone] = useState(false);
  const { run, busy, error, setError, setBusy } = useAction(async () => {
    const [o] = await api.trust.removeSigner({ name, references: [gun], confirmed: true, stageOnly: true });
    if (o?.error) setError(o.error);
    else setStep(1);
  });

  useEffect(() => {
    let live = true;
    api.trust.removeSignerPreview({ name, reference: gun }).then(
      (i) => live && setImpact(i),
      (e: unknown) => live && setError(errorToShow(e)),
    );
    return () => {
      live = false;
    };
  }, [api, name, gun, setError]);

  const orphans = impact?.orphanedTags ?? [];
  const stage = async (): Promise<void> => {
    if (orphans.length > 0 && !confirmed) return;
    await run();
  };

  return (
    <FormDialog
      title={`Remove signer ${name} — ${gun}`}
      onClose={onClose}
      busy={busy}
      role="alertdialog"
      className="wizard remove-signer-wizard"
      steps={STEPS}
      step={step}
      formId="remove-signer-form"
      onSubmit={stage}
      error={error}
      done={done}
      staged={step === 1}
      primary={{
        label: busy ? 'Staging…' : 'Stage removal',
        danger: true,
        disabled: !impact || (orphans.length > 0 && !confirmed),
      }}
      result={
        step === 1 && (
          <StagedChangesReview
            reference={reference}
            onBusy={setBusy}
            successText={() => `Successfully removed ${name} from ${gun}`}
            onPublished={() => setDone(true)}
          />
        )
      }
    >
      {!impact && !error && <p role="status">Working out what removing {name} changes…</p>}
      {impact && (
        <>
          <p>
            Removing <strong>{name}</strong> deletes the role targets/{name} and takes{' '}
            {impact.removedKeys.length === 1 ? 'its key' : `its ${impact.removedKeys.length} keys`} out of
            targets/releases.
          </p>
          <dl className="dlg-facts">
            <dt>Keys removed</dt>
            <dd>
              {impact.removedKeys.map((k) => (
                <code key={k} data-full={k} title={k}>
                  {k.slice(0, 12)}{' '}
                </code>
              ))}
            </dd>
            {impact.releasesRemoved && (
              <>
                <dt>targets/releases</dt>
                <dd>removed too (no other key is left in it)</dd>
              </>
            )}
          </dl>
          {orphans.length === 0 ? (
            <p className="dlg-info">
              No tag loses its last signature: every signed tag stays pullable with content trust.
            </p>
          ) : (
            <div className="dlg-warning" role="alert">
              <p>
                <strong>
                  {orphans.length} tag{orphans.length === 1 ? '' : 's'} would lose{' '}
                  {orphans.length === 1 ? 'its' : 'their'} last signature and would no longer be pullable with content
                  trust:
                </strong>
              </p>
              <ul className="dlg-list" aria-label="Tags that become unpullable">
                {orphans.map((t) => (
                  <li key={t}>{t}</li>
                ))}
              </ul>
              <Choice id="remove-signer-confirm" type="checkbox" checked={confirmed} onChange={setConfirmed}>
                I understand that {orphans.join(', ')} will no longer be pullable with content trust
              </Choice>
            </div>
          )}
        </>
      )}
    </FormDialog>
  );
}
