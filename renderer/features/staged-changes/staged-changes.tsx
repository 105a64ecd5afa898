/**
 * Review before publish: the changes staged for a repository (role, action, tag or key), each of
 * which can be discarded, then "Publish" (trust:publishStaged, which signs — asking passphrases —
 * and uploads). A failed publish leaves the changes staged and shows the reason with a retry.
 * Used as the last step of every write wizard and on its own ("Review changes").
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ErrorDTO, PublishedDTO, StagedChangeDTO } from '../../../electron/ipc/contract.ts';
import { Dialog } from '../../components/dialog.tsx';
import { DialogFooter } from '../../components/dialog-footer.tsx';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { errorToShow } from '../../store/errors.ts';
import { useApp } from '../../store/index.ts';
import type { DialogProps } from '../../store/types.ts';
import { useApi } from '../../api.ts';

const ACTION: Record<string, string> = { create: 'add', update: 'update', delete: 'remove' };

/** "target" changes name a tag; delegation changes name keys; witness re-signs the role. */
export function changeSubject(c: StagedChangeDTO): string {
  return c.description;
}

export interface ReviewState {
  changes: StagedChangeDTO[] | null;
  loadError: ErrorDTO | null;
  publishing: boolean;
  publishError: ErrorDTO | null;
  attempts: number;
  published: PublishedDTO | null;
}

/** The list + Publish button; `onPublished` runs after a successful publish. */
export function StagedChangesReview({
  reference,
  onPublished,
  publishLabel = 'Publish',
  successText,
  onBusy,
}: {
  reference: string;
  onPublished?: (p: PublishedDTO) => void;
  publishLabel?: string;
  /** Shown after a successful publish (default: "Published N change(s) to GUN"). */
  successText?: (p: PublishedDTO) => string;
  onBusy?: (busy: boolean) => void;
}): ReactNode {
  const api = useApi();
  const loadView = useApp((s) => s.loadView);
  const [state, setState] = useState<ReviewState>({
    changes: null,
    loadError: null,
    publishing: false,
    publishError: null,
    attempts: 0,
    published: null,
  });

  const load = useCallback(async () => {
    try {
      const changes = await api.trust.stagedChanges(reference);
      setState((s) => ({ ...s, changes, loadError: null }));
    } catch (e) {
      setState((s) => ({ ...s, loadError: errorToShow(e) }));
    }
  }, [api, reference]);
  useEffect(() => {
    void load();
  }, [load]);

  const discard = async (ids?: string[]): Promise<void> => {
    try {
      await api.trust.discardStaged({ reference, ...(ids ? { ids } : {}) });
    } catch (e) {
      setState((s) => ({ ...s, loadError: errorToShow(e) }));
    }
    await load();
  };

  const publish = async (): Promise<void> => {
    setState((s) => ({ ...s, publishing: true, publishError: null }));
    onBusy?.(true);
    try {
      const published = await api.trust.publishStaged(reference);
      setState((s) => ({ ...s, publishing: false, published, changes: [], attempts: s.attempts + 1 }));
      void loadView(reference, { force: true });
      onPublished?.(published);
    } catch (e) {
      setState((s) => ({ ...s, publishing: false, publishError: errorToShow(e), attempts: s.attempts + 1 }));
      await load();
    } finally {
      onBusy?.(false);
    }
  };

  const { changes, published } = state;
  // once the list is there, the main action has focus (unless the user is typing somewhere)
  const publishButton = useRef<HTMLButtonElement>(null);
  const ready = changes !== null && changes.length > 0;
  useEffect(() => {
    const active = document.activeElement;
    if (ready && !(active instanceof HTMLInputElement)) publishButton.current?.focus();
  }, [ready]);
  if (published) {
    return (
      <div>
        <p className="dlg-success" role="status">
          {successText
            ? successText(published)
            : `Published ${published.applied.length} change(s) to ${published.gun}.`}
        </p>
        <p className="muted small-text">Roles uploaded: {published.roles.join(', ') || 'none'}</p>
      </div>
    );
  }
  return (
    <div className="staged-review">
      {state.loadError && (
        <ErrorExplanation error={state.loadError} heading="Signet could not read the staged changes." />
      )}
      {changes === null && !state.loadError && <p role="status">Reading staged changes…</p>}
      {changes !== null && changes.length === 0 && <p>No changes are staged for {reference}.</p>}
      {changes !== null && changes.length > 0 && (
        <table className="dlg-table" aria-label="Staged changes">
          <caption>
            {changes.length} staged change{changes.length === 1 ? '' : 's'} for {reference} — not published yet
          </caption>
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">Action</th>
              <th scope="col">Tag or key</th>
              <th scope="col">
                <span className="sr-only">Discard</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={c.id}>
                <td>{c.role}</td>
                <td>
                  {ACTION[c.action] ?? c.action} {c.type === 'target' ? 'tag' : c.type}
                </td>
                <td>{changeSubject(c)}</td>
                <td>
                  <button
                    type="button"
                    className="small"
                    onClick={() => void discard([c.id])}
                    disabled={state.publishing}
                    aria-label={`Discard: ${c.description}`}
                  >
                    Discard
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {state.publishError && (
        <ErrorExplanation
          error={state.publishError}
          heading={`Publishing failed${state.attempts > 1 ? ` (attempt ${state.attempts})` : ''}. Nothing was published; the changes stay staged below — retry, or discard them.`}
        />
      )}
      {state.publishing && (
        <p role="status" className="muted">
          Signing and publishing… answer the passphrase prompts.
        </p>
      )}
      <div className="dlg-review-actions" style={{ display: 'flex', gap: 8, justifyContent: 'flex-end', marginTop: 8 }}>
        {changes !== null && changes.length > 1 && (
          <button type="button" className="secondary" onClick={() => void discard()} disabled={state.publishing}>
            Discard all
          </button>
        )}
        <button
          type="button"
          ref={publishButton}
          onClick={() => void publish()}
          disabled={state.publishing || changes === null || changes.length === 0}
          data-autofocus=""
        >
          {state.publishError ? 'Retry publish' : publishLabel}
        </button>
      </div>
    </div>
  );
}

/** "Review changes" on its own, from the repository view. */
export function ReviewChangesDialog({ reference, onClose }: DialogProps<'review-changes'>): ReactNode {
  const [busy, setBusy] = useState(false);
  return (
    <Dialog
      title={`Review changes for ${reference}`}
      onClose={onClose}
      busy={busy}
      wide
      className="review-dialog"
      actions={<DialogFooter busy={busy} onCancel={onClose} cancelLabel="Close" />}
    >
      <p className="muted">
        Changes staged by earlier operations (for example when a publish failed or was cancelled). Publishing signs them
        with your keys and uploads them to the trust server.
      </p>
      <StagedChangesReview reference={reference} onBusy={setBusy} />
    </Dialog>
  );
}
