/** Every network step in flight (ProgressEvent), announced politely. */
import type { ReactNode } from 'react';
import type { ProgressStep } from '../../../electron/ipc/contract.ts';
import { useApp } from '../../store/index.ts';

const STEP: Record<ProgressStep, string> = {
  resolving: 'Resolving the image digest',
  initializing: 'Initializing the repository',
  fetching: 'Fetching trust data',
  verifying: 'Verifying signatures',
  signing: 'Signing',
  publishing: 'Publishing',
  done: 'Done',
  failed: 'Failed',
};

const CHANNEL: Record<string, string> = {
  'trust:view': 'Trust data',
  'trust:resolveDigest': 'Image digest',
  'trust:signingPlan': 'Signing plan',
  'trust:sign': 'Signing',
  'trust:publishStaged': 'Publishing',
  'registry:tags': 'Registry tags',
  'engine:localImages': 'Local images',
  'engine:push': 'Push',
  'keys:list': 'Keys',
  'repositories:discovered': 'Finding repositories',
  'trust:rawMetadata': 'Raw metadata',
  'history:read': 'History',
  'history:diff': 'Diff',
  'history:openArchive': 'Opening archive',
  'history:writeArchive': 'Writing archive',
};

/** Finished operations shown at most (the newest); running ones are always shown. */
const MAX_FINISHED = 3;

export function ProgressArea(): ReactNode {
  const operations = useApp((s) => s.operations);
  const all = Object.values(operations).sort((a, b) => a.startedAt - b.startedAt);
  const finished = all.filter((o) => o.step === 'done' || o.step === 'failed');
  const list = all.filter(
    (o) => (o.step !== 'done' && o.step !== 'failed') || finished.indexOf(o) >= finished.length - MAX_FINISHED,
  );
  return (
    <div className="progress-area" role="status" aria-live="polite" aria-label="Network activity">
      {list.length === 0 ? (
        <span className="muted">Idle</span>
      ) : (
        list.map((op) => (
          <span key={op.operationId} className={`progress-item step-${op.step}`}>
            {op.step !== 'done' && op.step !== 'failed' && (
              <progress aria-label={`${STEP[op.step]}${op.gun ? ` for ${op.gun}` : ''}`} />
            )}
            {CHANNEL[op.channel] ?? op.channel}: {STEP[op.step].toLowerCase()}
            {op.gun ? ` — ${op.gun}` : ''}
          </span>
        ))
      )}
    </div>
  );
}
