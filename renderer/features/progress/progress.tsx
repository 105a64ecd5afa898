/** Every network step in flight (ProgressEvent), announced politely. */
import type { ReactNode } from 'react';
import type { ProgressStep } from '../../../electron/ipc/contract.ts';
import { useApp } from '../../store/index.ts';

const STEP: Record<ProgressStep, string> = {
  resolving: 'Resolving the image digest',
  initializing: 'Initialising the repository',
  fetching: 'Fetching trust data',
  verifying: 'Verifying signatures',
  signing: 'Signing',
  publishing: 'Publishing',
  done: 'Done',
  failed: 'Failed',
};

export function ProgressArea(): ReactNode {
  const operations = useApp((s) => s.operations);
  const list = Object.values(operations).sort((a, b) => a.startedAt - b.startedAt);
  return (
    <div className="progress-area" role="status" aria-live="polite" aria-label="Network activity">
      {list.length === 0 ? (
        <span className="muted">Idle</span>
      ) : (
        list.map((op) => (
          <span key={op.operationId} className={`progress-item step-${op.step}`}>
            {op.step !== 'done' && op.step !== 'failed' && <progress aria-label={`${STEP[op.step]}${op.gun ? ` for ${op.gun}` : ''}`} />}
            {STEP[op.step]}
            {op.gun ? ` — ${op.gun}` : ''}
          </span>
        ))
      )}
    </div>
  );
}
