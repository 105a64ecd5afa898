/**
 * How the repository's root is trusted, under its header: pinned to root certificate IDs, pinned
 * by a CA, or trusted on first use (TOFU) — then with the root certificate ID and a one-click
 * "Pin this root", which writes `certs[gun] = [those IDs]` into Signet's config file (the file the
 * CLI reads too), so a different root is refused from then on.
 */
import { useState, type ReactNode } from 'react';
import type { ErrorDTO, TrustView } from '../../../electron/ipc/contract.ts';
import { useApi } from '../../api.ts';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { IdChip } from '../../components/id-chip.tsx';
import { errorToShow } from '../../store/errors.ts';
import { useApp } from '../../store/index.ts';

/** The root certificate IDs of the view (what `certs` pins). */
export function rootCertificateIds(view: TrustView): string[] {
  return view.administrativeKeys.root.filter((k) => k.certificate !== undefined).map((k) => k.id);
}

function Ids({ ids }: { ids: string[] }): ReactNode {
  return (
    <>
      {ids.map((id) => (
        <IdChip key={id} value={id} kind="root certificate ID" />
      ))}
    </>
  );
}

export function RootTrust({
  reference,
  view,
  archive,
}: {
  reference: string;
  view: TrustView;
  /** An opened archive's ID: pin that archive's root (and there is no live view to reload). */
  archive?: string;
}): ReactNode {
  const api = useApi();
  const loadView = useApp((s) => s.loadView);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorDTO | null>(null);
  const [file, setFile] = useState<string | null>(null);
  const trust = view.rootTrust;
  if (!trust) return null;
  const ids = rootCertificateIds(view);

  const pin = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      setFile((await api.pins.pinRoot({ reference, ...(archive !== undefined ? { archive } : {}) })).file);
      if (archive === undefined) await loadView(reference, { force: true });
    } catch (e) {
      setError(errorToShow(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="root-trust" aria-label="Root of trust">
      {trust.kind === 'tofu' && file !== null && (
        <p>
          <strong>Root pinned.</strong> Root certificate <Ids ids={ids} /> saved in {file}; a different root is refused
          from now on.
        </p>
      )}
      {trust.kind === 'tofu' && file === null && (
        <p>
          {trust.firstUse && archive !== undefined ? (
            <>
              <strong>Trusted on first use, from this archive alone.</strong> Nothing on this computer anchors it: no
              root of this repository was trusted before and no pin applies. Compare the root certificate ID with the
              repository owner before relying on it.
            </>
          ) : (
            <>
              <strong>Root trusted on first use.</strong> Signet accepted the first root it saw for this repository; pin
              it, and a different root is refused from then on.
            </>
          )}
          {ids.length > 0 && (
            <span className="root-trust-pin">
              Root certificate <Ids ids={ids} />
              <button type="button" className="small" onClick={() => void pin()} disabled={busy}>
                {busy ? 'Pinning…' : 'Pin this root'}
              </button>
            </span>
          )}
        </p>
      )}
      {trust.kind === 'certs' && (
        <p>
          <strong>Root pinned.</strong> Only a root signed by root certificate <Ids ids={trust.ids} /> is accepted
          {file ? ` (saved in ${file})` : ''}.
        </p>
      )}
      {trust.kind === 'ca' && (
        <p>
          <strong>Root pinned by a CA.</strong> Its root certificates must be issued by the CA in{' '}
          <code>{trust.source}</code> (pinned for “{trust.prefix}”).
        </p>
      )}
      {error && <ErrorExplanation error={error} heading="Signet could not pin this root." />}
    </section>
  );
}
