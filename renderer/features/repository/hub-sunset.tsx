/**
 * Docker Hub's notary stops on 2026-12-08: a repository read from it says how long is left and
 * offers the two things to do first (archive, then migrate); the days come from main's clock
 * (core's hubSunset on the view), never the page's.
 */
import type { ReactNode } from 'react';
import { whenLeft, type HubSunset } from '../../../core/notary/hub-sunset.ts';
import { DOCKER_HUB_DOMAIN } from '../../../core/registry/reference.ts';
import { useApp } from '../../store/index.ts';

export function HubSunsetBanner({
  reference,
  gun,
  sunset,
}: {
  reference: string;
  gun: string;
  sunset: HubSunset;
}): ReactNode {
  const openDialog = useApp((s) => s.openDialog);
  const watched = useApp((s) => s.watched);
  // every Docker Hub repository watched here, this one first: archived in one go the day before
  const hub = [
    reference,
    ...watched.filter((w) => w.registry === DOCKER_HUB_DOMAIN && w.reference !== reference).map((w) => w.reference),
  ];
  if (sunset.stopped)
    return (
      <section className="banner banner-warning hub-sunset" aria-label="Docker Hub's notary">
        <p>
          <strong>Docker Hub’s notary stopped on {sunset.stops}.</strong> What is shown here is what Signet verified
          before; Docker Hub serves none of it any more. Open the archive you exported to see the whole history.
        </p>
        <div className="hub-sunset-actions">
          <button type="button" className="secondary" onClick={() => openDialog({ kind: 'open-archive' })}>
            Open archive…
          </button>
        </div>
      </section>
    );
  return (
    <section className="banner banner-warning hub-sunset" aria-label="Docker Hub's notary">
      <p>
        <strong>
          Docker Hub’s notary stops on {sunset.stops} ({whenLeft(sunset)}).
        </strong>{' '}
        After that nobody can read or verify these signatures from Docker Hub. Keep them first: export an archive of
        this repository’s trust history, then carry the signatures over to cosign with the keys that made them.
      </p>
      <div className="hub-sunset-actions">
        <button type="button" onClick={() => openDialog({ kind: 'export-archive', reference })}>
          Export archive…
        </button>
        {hub.length > 1 && (
          <button
            type="button"
            className="secondary"
            onClick={() => openDialog({ kind: 'export-archives', references: hub })}
          >
            Export archives of all {hub.length} Docker Hub repositories…
          </button>
        )}
        <button
          type="button"
          className="secondary"
          onClick={() => openDialog({ kind: 'migrate', targets: [gun], reference })}
        >
          Migrate to cosign
        </button>
      </div>
    </section>
  );
}
