/**
 * "Revoke": one tag, or every tag of the repository, with an explicit typed confirmation (the tag
 * name, or the repository name for all), staged (trust:revoke with stageOnly) and reviewed before
 * publishing. A revoked tag can no longer be pulled with content trust.
 */
import { useState, type ReactNode } from 'react';
import type { RevokeSummary } from '../../../electron/ipc/contract.ts';
import { FormDialog } from '../../components/form-dialog.tsx';
import { useAction } from '../../components/use-action.ts';
import { useGun } from '../../store/index.ts';
import type { DialogProps } from '../../store/types.ts';
import { StagedChangesReview } from '../staged-changes/staged-changes.tsx';
import { useApi } from '../../api.ts';
import { Choice } from '../../components/choice.tsx';
import { TextField } from '../../components/text-field.tsx';

const STEPS = ['Confirm', 'Review and publish'] as const;

export function RevokeDialog({ reference, tag, onClose }: DialogProps<'revoke'>): ReactNode {
  const gun = useGun(reference);
  const api = useApi();
  const [scope, setScope] = useState<'tag' | 'all'>(tag ? 'tag' : 'all');
  const [typed, setTyped] = useState('');
  const [step, setStep] = useState(0);
  const [summary, setSummary] = useState<RevokeSummary | null>(null);
  const [done, setDone] = useState(false);
  const expected = scope === 'tag' ? (tag ?? '') : gun;
  const { run, busy, error, setBusy } = useAction(async () => {
    const r = await api.trust.revoke(
      scope === 'tag'
        ? { reference: `${gun}:${tag}`, stageOnly: true }
        : { reference: gun, confirmAll: true, stageOnly: true },
    );
    setSummary(r);
    setStep(1);
  });

  const stage = async (): Promise<void> => {
    if (typed.trim() !== expected) return;
    await run();
  };

  return (
    <FormDialog
      title={scope === 'tag' ? `Revoke ${gun}:${tag}` : `Revoke every tag of ${gun}`}
      onClose={onClose}
      busy={busy}
      role="alertdialog"
      className="wizard revoke-wizard"
      steps={STEPS}
      step={step}
      formId="revoke-form"
      onSubmit={stage}
      error={error}
      done={done}
      staged={step === 1}
      primary={{ label: busy ? 'Staging…' : 'Stage revocation', danger: true, disabled: typed.trim() !== expected }}
      result={
        step === 1 &&
        summary && (
          <div>
            {summary.removals.length === 0 && (
              <p className="dlg-info">
                None of your roles holds {scope === 'tag' ? tag : 'any tag'}: there was nothing to revoke.
              </p>
            )}
            <StagedChangesReview
              reference={reference}
              onBusy={setBusy}
              successText={() =>
                scope === 'tag'
                  ? `Successfully deleted signature for ${gun}:${tag}`
                  : `Successfully deleted signature for ${gun}`
              }
              onPublished={() => setDone(true)}
            />
          </div>
        )
      }
    >
      {tag && (
        <fieldset>
          <legend>What to revoke</legend>
          <Choice
            id="revoke-one"
            name="scope"
            checked={scope === 'tag'}
            onChange={() => (setScope('tag'), setTyped(''))}
          >
            Only the tag {tag}
          </Choice>
          <Choice
            id="revoke-all"
            name="scope"
            checked={scope === 'all'}
            onChange={() => (setScope('all'), setTyped(''))}
          >
            Every signed tag of {gun}
          </Choice>
        </fieldset>
      )}
      <p className="dlg-warning">
        {scope === 'tag'
          ? `Your signatures of ${tag} are removed from every role you can sign. If nobody else signed it, ${gun}:${tag} can no longer be pulled with content trust.`
          : `Every tag you signed is removed from every role you can sign. Tags nobody else signed can no longer be pulled with content trust.`}
      </p>
      <TextField
        id="revoke-confirm"
        label={
          <>
            Type <code>{expected}</code> to confirm
          </>
        }
        value={typed}
        onChange={setTyped}
      />
    </FormDialog>
  );
}
