/**
 * Settings → Trust pinning, as the notary client configures it, in Signet's config file (the file
 * `signet` reads too; its path is shown): root certificate IDs per repository, a CA file per
 * repository prefix, and whether a repository no pin covers is refused (no trust on first use).
 * Each change is saved at once (pins:update); the repositories' trust data is read again with it.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { ErrorDTO, TrustPinsDTO, TrustPinsPatch } from '../../../electron/ipc/contract.ts';
import { useApi } from '../../api.ts';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { parseReference } from '../../lib/reference.ts';
import { errorToShow } from '../../store/errors.ts';
import { useApp } from '../../store/index.ts';
import { FileMapEditor } from './file-map-editor.tsx';
import { MapEditor } from './map-editor.tsx';

const CERT_ID = /^[0-9a-f]{64}$/;
const ids = (text: string): string[] => text.split(/[\s,]+/).filter((s) => s !== '');

/** A pinned repository: a repository name, and one or more 64-hex root certificate IDs. */
export function certPinProblem(repository: string, text: string): string | null {
  const p = parseReference(repository);
  if (!p.ok)
    return `"${repository}" is not a repository name: type it as docker does, e.g. registry.example.com/team/app.`;
  if (p.ref.tag !== undefined || p.ref.digest !== undefined) return 'Pin a repository, without a tag or digest.';
  const list = ids(text);
  if (list.length === 0 || !list.every((i) => CERT_ID.test(i)))
    return 'Type the root certificate IDs (64 hex characters each, separated by commas), as the Root key row shows them.';
  return null;
}

export function caPinProblem(prefix: string): string | null {
  if (prefix === '' || /\s/.test(prefix))
    return 'Type the start of the repository names, e.g. registry.example.com/team/.';
  return null;
}

export function TrustPins(): ReactNode {
  const api = useApi();
  const views = useApp((s) => s.views);
  const loadView = useApp((s) => s.loadView);
  const [pins, setPins] = useState<TrustPinsDTO | null>(null);
  const [error, setError] = useState<ErrorDTO | null>(null);
  const [tofuError, setTofuError] = useState<ErrorDTO | null>(null);
  // the box shows the choice at once; it goes back when saving fails
  const [choosing, setChoosing] = useState<boolean | null>(null);

  useEffect(() => {
    api.pins.get().then(setPins, (e: unknown) => setError(errorToShow(e)));
  }, [api]);

  const save = useCallback(
    async (change: TrustPinsPatch | (() => Promise<TrustPinsDTO>)): Promise<ErrorDTO | null> => {
      try {
        setPins(await (typeof change === 'function' ? change() : api.pins.update(change)));
        // what is accepted changed: read every repository shown so far again
        for (const reference of Object.keys(views)) void loadView(reference, { force: true });
        return null;
      } catch (e) {
        return errorToShow(e);
      }
    },
    [api, views, loadView],
  );

  return (
    <section className="settings-group" aria-labelledby="pins-heading">
      <h3 id="pins-heading">Trust pinning</h3>
      <p className="muted">
        Without a pin, Signet trusts the first root it sees for a repository (trust on first use) and refuses any other
        root that is not signed by it. A pin fixes which root is accepted, before anything is read.{' '}
        {pins && (
          <>
            Saved in <code>{pins.file}</code>, notary’s <code>trust_pinning</code> format; <code>signet</code> reads the
            same file.
          </>
        )}
      </p>
      {error && <ErrorExplanation error={error} heading="Signet could not read its config file." />}
      {!pins && !error && <p role="status">Loading trust pinning…</p>}
      {pins && (
        <>
          <h4 className="settings-subheading">Pinned roots</h4>
          <MapEditor
            id="pin-certs"
            caption="Pinned roots"
            noun="pinned root"
            keyLabel="Repository"
            valueLabel="Root certificate IDs"
            keyPlaceholder="registry.example.com/team/app"
            valuePlaceholder="64-hex root certificate ID (several: separated by commas)"
            entries={Object.fromEntries(Object.entries(pins.certs).map(([g, list]) => [g, list.join(', ')]))}
            check={certPinProblem}
            save={(next) => save({ certs: Object.fromEntries(Object.entries(next).map(([g, t]) => [g, ids(t)])) })}
            empty={<p>No repository is pinned: a repository’s “Pin this root” adds it here.</p>}
          />
          <h4 className="settings-subheading">CA per repository prefix</h4>
          <FileMapEditor
            id="pin-ca"
            caption="Pinned CAs"
            noun="pinned CA"
            keyLabel="Repository prefix"
            valueLabel="CA certificate file"
            keyPlaceholder="registry.example.com/team/"
            entries={pins.ca}
            check={caPinProblem}
            set={(prefix, file) => save(() => api.pins.setCa({ prefix, file }))}
            remove={(prefix) => save(() => api.pins.removeCa({ prefix }))}
            empty={<p>No CA is pinned.</p>}
          />
          <div className="dlg-choice settings-check">
            <input
              type="checkbox"
              id="pins-disable-tofu"
              checked={choosing ?? pins.disableTofu}
              onChange={(e) => {
                const disableTofu = e.target.checked;
                setChoosing(disableTofu);
                void save({ disableTofu }).then((err) => (setTofuError(err), setChoosing(null)));
              }}
            />
            <label htmlFor="pins-disable-tofu">
              Refuse repositories that no pin covers (turn off trust on first use)
            </label>
          </div>
          {tofuError && <ErrorExplanation error={tofuError} heading="Signet could not save the change." />}
        </>
      )}
    </section>
  );
}
