/**
 * What Signet did with its config folder at start: a file moved in from the app's old folder, or
 * one left there because it could not be read (main's sentences, electron/main/config-folder.ts).
 * Shown above every section until dismissed.
 */
import { useState, type ReactNode } from 'react';
import { useApp } from '../../store/index.ts';

export function ConfigNotices(): ReactNode {
  const notices = useApp((s) => s.settings?.notices);
  const [dismissed, setDismissed] = useState(false);
  if (!notices?.length || dismissed) return null;
  const left = notices.some((n) => n.kind === 'kept');
  return (
    <section className={`banner ${left ? 'banner-warning' : 'banner-info'} config-notices`} aria-label="Config folder">
      {notices.map((n) => (
        <p key={n.message}>{n.message}</p>
      ))}
      <button type="button" className="small" onClick={() => setDismissed(true)}>
        Dismiss
      </button>
    </section>
  );
}
