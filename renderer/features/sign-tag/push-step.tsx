/** The Sign dialog's Push step: docker push's lines (the repository, a row per layer, the digest), with progress and Cancel. */
import type { ReactNode } from 'react';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import type { LocalPush } from './use-local-push.ts';

export function PushStep({ gun, tag, push }: { gun: string; tag: string; push: LocalPush }): ReactNode {
  const { layers, pushed, error, running, engine } = push;
  return (
    <div className="push-step">
      <p>
        Pushing <strong>{`${gun}:${tag}`}</strong> from the Docker engine{engine ? ` at ${engine}` : ''}, then signing
        the digest the registry serves for it.
      </p>
      <p className="small-text">
        <code>The push refers to repository [{gun}]</code>
      </p>
      {layers.length > 0 && (
        <ul className="push-layers" aria-label="Layers">
          {layers.map((l) => (
            <li key={l.id}>
              <code>{l.id}</code> <span>{l.status}</span>
              {l.total !== undefined && l.status === 'Pushing' && (
                <progress aria-label={`Layer ${l.id}`} max={l.total} value={l.current ?? 0} />
              )}
            </li>
          ))}
        </ul>
      )}
      {running && (
        <p role="status" className="muted small-text">
          <progress aria-label="Push progress" /> Pushing…{' '}
          <button type="button" className="secondary" onClick={push.cancel}>
            Cancel push
          </button>
        </p>
      )}
      {pushed && (
        <p role="status" className="small-text">
          <code>
            {tag}: digest: sha256:{pushed.digest} size: {pushed.size}
          </code>
        </p>
      )}
      {error && <ErrorExplanation error={error} />}
    </div>
  );
}
