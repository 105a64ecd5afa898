/**
 * Key management (after Seahorse / Kleopatra / GPG Keychain): generate, import from a docker trust
 * dir or a key file (showing where each key landed; importing decrypts it, so a key that cannot be
 * unlocked is refused), export (the notary-compatible encrypted file, byte for byte), change
 * passphrase, delete with a typed confirmation (and a warning when it is a root key that was never
 * exported — the only copy), and the backup reminder for root keys.
 */
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { BackupReminderDTO, ErrorDTO, KeyInfoDTO } from '../../../electron/ipc/contract.ts';
import { Dialog } from '../../components/dialog.tsx';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { toErrorDTO } from '../../store/errors.ts';
import { useApp } from '../../store/index.ts';
import { registerDialog, type DialogProps } from '../dialogs/host.tsx';
import { useApi } from '../../api.ts';

const ABSOLUTE = (p: string): boolean => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p);
const LOCATION: Record<KeyInfoDTO['location'], string> = { keychain: 'OS keychain', 'trust-dir': 'docker trust dir', memory: 'memory (this session)' };
const roleLabel = (role: string): string => (role === 'targets' ? 'repository (targets)' : role);

/** After any key change: the keys table, and the views (which keys are "yours"). */
function useRefreshAfterKeys(): () => void {
  const loadKeys = useApp((s) => s.loadKeys);
  const loadView = useApp((s) => s.loadView);
  const selected = useApp((s) => s.selected);
  return useCallback(() => {
    void loadKeys();
    if (selected) void loadView(selected, { force: true });
  }, [loadKeys, loadView, selected]);
}

function useKey(props: Record<string, unknown>): KeyInfoDTO | undefined {
  const id = String(props['keyId'] ?? '');
  return useApp((s) => s.keys.find((k) => k.id === id));
}

function Landed({ keys }: { keys: KeyInfoDTO[] }): ReactNode {
  return (
    <table className="dlg-table" aria-label="Imported keys">
      <caption>Where the keys landed (each was decrypted to check its passphrase and ID)</caption>
      <thead>
        <tr>
          <th scope="col">Role</th>
          <th scope="col">Key ID</th>
          <th scope="col">GUN</th>
          <th scope="col">Stored in</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((k) => (
          <tr key={k.id}>
            <td>{roleLabel(k.role)}</td>
            <td>
              <code data-full={k.id} title={k.id}>
                {k.id.slice(0, 12)}
              </code>
            </td>
            <td>{k.gun ?? <span className="muted">any</span>}</td>
            <td>
              {LOCATION[k.location]} <span className="muted small-text">{k.where}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/* ------------------------------------------------------------------ generate */
export function GenerateKeyDialog({ onClose }: DialogProps): ReactNode {
  const api = useApi();
  const refresh = useRefreshAfterKeys();
  const [kind, setKind] = useState<'signer' | 'root'>('signer');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorDTO | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [made, setMade] = useState<KeyInfoDTO | null>(null);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setFieldError(null);
    const role = kind === 'root' ? 'root' : name.trim();
    if (kind === 'signer' && !/^[a-z0-9][a-z0-9_-]{0,253}$/.test(role)) return setFieldError('A signer name is lower-case letters, digits, _ and -, starting with a letter or digit.');
    setBusy(true);
    setError(null);
    try {
      setMade(await api.generateKey({ role }));
      refresh();
    } catch (err) {
      setError(toErrorDTO(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="Generate key"
      onClose={onClose}
      busy={busy}
      className="key-dialog generate-key-dialog"
      actions={
        <>
          <button type="button" className="secondary" onClick={onClose} disabled={busy}>
            {made ? 'Close' : 'Cancel'}
          </button>
          {!made && (
            <button type="submit" form="gen-key-form" disabled={busy}>
              {busy ? 'Generating…' : 'Generate'}
            </button>
          )}
        </>
      }
    >
      {made ? (
        <div>
          <p className="dlg-success" role="status">
            Generated {roleLabel(made.role)} key {made.id.slice(0, 12)}
          </p>
          <Landed keys={[made]} />
          {made.role === 'root' && <p className="dlg-warning">Back up this root key now (Export): it cannot be recovered, and without it the repositories it anchors cannot be changed.</p>}
        </div>
      ) : (
        <form id="gen-key-form" onSubmit={(e) => void submit(e)}>
          <fieldset>
            <legend>Kind of key</legend>
            <div className="dlg-choice">
              <input type="radio" id="gen-signer" name="kind" checked={kind === 'signer'} onChange={() => setKind('signer')} />
              <label htmlFor="gen-signer">
                Signer key <span className="muted">like docker trust key generate NAME: sign tags as a signer (delegation)</span>
              </label>
            </div>
            <div className="dlg-choice">
              <input type="radio" id="gen-root" name="kind" checked={kind === 'root'} onChange={() => setKind('root')} />
              <label htmlFor="gen-root">
                Root key <span className="muted">the anchor of trust of the repositories you initialise</span>
              </label>
            </div>
          </fieldset>
          {kind === 'signer' && (
            <>
              <label htmlFor="gen-name">Signer name</label>
              <input id="gen-name" type="text" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" spellCheck={false} />
            </>
          )}
          {fieldError && (
            <p className="dlg-field-error" role="alert">
              {fieldError}
            </p>
          )}
          {error && <ErrorExplanation error={error} />}
        </form>
      )}
    </Dialog>
  );
}

/* ------------------------------------------------------------------ import */
export function ImportKeyDialog({ onClose }: DialogProps): ReactNode {
  const api = useApi();
  const refresh = useRefreshAfterKeys();
  const [source, setSource] = useState<'dir' | 'file'>('dir');
  const [path, setPath] = useState('');
  const [role, setRole] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorDTO | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [landed, setLanded] = useState<KeyInfoDTO[] | null>(null);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setFieldError(null);
    const p = path.trim();
    if (!ABSOLUTE(p)) return setFieldError(source === 'dir' ? 'Type the absolute path of a docker trust dir (for example /home/me/.docker/trust).' : 'Type the absolute path of the key file (<id>.key).');
    setBusy(true);
    setError(null);
    try {
      setLanded(await api.importKeys(source === 'dir' ? { trustDir: p } : { path: p, ...(role.trim() ? { role: role.trim() } : {}) }));
      refresh();
    } catch (err) {
      setError(toErrorDTO(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="Import keys"
      onClose={onClose}
      busy={busy}
      wide
      className="key-dialog import-key-dialog"
      actions={
        <>
          <button type="button" className="secondary" onClick={onClose} disabled={busy}>
            {landed ? 'Close' : 'Cancel'}
          </button>
          {!landed && (
            <button type="submit" form="import-key-form" disabled={busy}>
              {busy ? 'Importing…' : 'Import'}
            </button>
          )}
        </>
      }
    >
      {landed ? (
        <div>
          <p className="dlg-success" role="status">
            Imported {landed.length} key{landed.length === 1 ? '' : 's'}
          </p>
          <Landed keys={landed} />
        </div>
      ) : (
        <form id="import-key-form" onSubmit={(e) => void submit(e)}>
          <fieldset>
            <legend>Import from</legend>
            <div className="dlg-choice">
              <input type="radio" id="imp-dir" name="src" checked={source === 'dir'} onChange={() => setSource('dir')} />
              <label htmlFor="imp-dir">
                A docker trust dir <span className="muted">every key under DIR/private (docker’s ~/.docker/trust, notary’s ~/.notary)</span>
              </label>
            </div>
            <div className="dlg-choice">
              <input type="radio" id="imp-file" name="src" checked={source === 'file'} onChange={() => setSource('file')} />
              <label htmlFor="imp-file">
                A key file <span className="muted">notary’s encrypted PEM (&lt;id&gt;.key, or an export)</span>
              </label>
            </div>
          </fieldset>
          <label htmlFor="imp-path">{source === 'dir' ? 'Trust dir' : 'Key file'}</label>
          <input id="imp-path" type="text" value={path} onChange={(e) => setPath(e.target.value)} spellCheck={false} placeholder={source === 'dir' ? '/home/me/.docker/trust' : '/home/me/backup/root.key'} />
          {source === 'file' && (
            <>
              <label htmlFor="imp-role">Role or signer name (optional)</label>
              <input id="imp-role" type="text" value={role} onChange={(e) => setRole(e.target.value)} spellCheck={false} aria-describedby="imp-role-hint" />
              <p id="imp-role-hint" className="dlg-hint">
                Taken from the file’s “role:” header when empty.
              </p>
            </>
          )}
          <p className="muted small-text">Each key’s passphrase is asked to check that it decrypts; the file is stored unchanged (still encrypted).</p>
          {fieldError && (
            <p className="dlg-field-error" role="alert">
              {fieldError}
            </p>
          )}
          {error && <ErrorExplanation error={error} />}
        </form>
      )}
    </Dialog>
  );
}

/* ------------------------------------------------------------------ export */
export function ExportKeyDialog({ props, onClose }: DialogProps): ReactNode {
  const api = useApi();
  const key = useKey(props);
  const refresh = useRefreshAfterKeys();
  const id = String(props['keyId'] ?? '');
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorDTO | null>(null);
  const [written, setWritten] = useState<string | null>(null);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!ABSOLUTE(path.trim())) return setError({ code: 'BAD_INPUT', message: 'the file name must be an absolute path', hint: 'type the full path, for example /home/me/backup/root.key' });
    setBusy(true);
    setError(null);
    try {
      setWritten((await api.exportKey({ keyId: id, path: path.trim() })).path);
      refresh();
    } catch (err) {
      setError(toErrorDTO(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={`Export ${roleLabel(key?.role ?? 'key')} key ${id.slice(0, 7)}`}
      onClose={onClose}
      busy={busy}
      className="key-dialog export-key-dialog"
      actions={
        <>
          <button type="button" className="secondary" onClick={onClose} disabled={busy}>
            {written ? 'Close' : 'Cancel'}
          </button>
          {!written && (
            <button type="submit" form="export-key-form" disabled={busy}>
              Export
            </button>
          )}
        </>
      }
    >
      {written ? (
        <p className="dlg-success" role="status">
          Exported to {written}
        </p>
      ) : (
        <form id="export-key-form" onSubmit={(e) => void submit(e)}>
          <p>The key is written as it is stored: notary’s encrypted PEM, usable by docker and notary (copy it to DIR/private/{id}.key, or import it), still protected by its passphrase.</p>
          <label htmlFor="export-path">Save as (absolute path)</label>
          <input id="export-path" type="text" value={path} onChange={(e) => setPath(e.target.value)} spellCheck={false} placeholder={`/home/me/backup/${id.slice(0, 7)}.key`} />
          {error && <ErrorExplanation error={error} />}
        </form>
      )}
    </Dialog>
  );
}

/* ------------------------------------------------------------------ change passphrase */
export function ChangePassphraseDialog({ props, onClose }: DialogProps): ReactNode {
  const api = useApi();
  const key = useKey(props);
  const refresh = useRefreshAfterKeys();
  const id = String(props['keyId'] ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorDTO | null>(null);
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.changePassphrase({ keyId: id });
      setDone(true);
      refresh();
    } catch (err) {
      setError(toErrorDTO(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={`Change passphrase of ${roleLabel(key?.role ?? 'key')} key ${id.slice(0, 7)}`}
      onClose={onClose}
      busy={busy}
      className="key-dialog change-passphrase-dialog"
      actions={
        <>
          <button type="button" className="secondary" onClick={onClose} disabled={busy}>
            {done ? 'Close' : 'Cancel'}
          </button>
          {!done && (
            <button type="submit" form="chpass-form" disabled={busy}>
              {busy ? 'Changing…' : 'Change passphrase'}
            </button>
          )}
        </>
      }
    >
      {done ? (
        <p className="dlg-success" role="status">
          The passphrase was changed{key?.passphraseRemembered ? '; the remembered one was forgotten' : ''}.
        </p>
      ) : (
        <form id="chpass-form" onSubmit={(e) => void submit(e)}>
          <p>You will be asked the current passphrase, then the new one (twice). Exported copies keep the old passphrase.</p>
          {error && <ErrorExplanation error={error} />}
        </form>
      )}
    </Dialog>
  );
}

/* ------------------------------------------------------------------ delete */
export function DeleteKeyDialog({ props, onClose }: DialogProps): ReactNode {
  const api = useApi();
  const key = useKey(props);
  const refresh = useRefreshAfterKeys();
  const id = String(props['keyId'] ?? '');
  const expected = id.slice(0, 7);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorDTO | null>(null);
  const [done, setDone] = useState(false);
  const onlyRootCopy = key?.role === 'root' && !key.backedUp;
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (typed.trim() !== expected) return;
    setBusy(true);
    setError(null);
    try {
      await api.deleteKey({ keyId: id });
      setDone(true);
      refresh();
    } catch (err) {
      setError(toErrorDTO(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={`Delete ${roleLabel(key?.role ?? 'key')} key ${expected}`}
      onClose={onClose}
      busy={busy}
      role="alertdialog"
      className="key-dialog delete-key-dialog"
      actions={
        <>
          <button type="button" className="secondary" onClick={onClose} disabled={busy}>
            {done ? 'Close' : 'Cancel'}
          </button>
          {!done && (
            <button type="submit" form="delete-key-form" className="danger" disabled={busy || typed.trim() !== expected}>
              Delete key
            </button>
          )}
        </>
      }
    >
      {done ? (
        <p className="dlg-success" role="status">
          Deleted key {id.slice(0, 12)}
        </p>
      ) : (
        <form id="delete-key-form" onSubmit={(e) => void submit(e)}>
          {onlyRootCopy ? (
            <p className="dlg-warning" role="alert">
              <strong>This is the only copy of a root key</strong> as far as Signet knows: it was never exported. Without it, nobody can change the signers or keys of the repositories it
              anchors, ever. Export it first unless you are sure another copy exists.
            </p>
          ) : (
            <p className="dlg-warning">Deleting a key cannot be undone: whatever it signs for can no longer be signed from this computer.</p>
          )}
          <p className="muted small-text">Stored in {key ? `${LOCATION[key.location]} (${key.where})` : 'unknown'}</p>
          <label htmlFor="delete-confirm">
            Type <code>{expected}</code> (the key ID’s first 7 characters) to confirm
          </label>
          <input id="delete-confirm" type="text" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} />
          {error && <ErrorExplanation error={error} />}
        </form>
      )}
    </Dialog>
  );
}

/* ------------------------------------------------------------------ keys section additions */

/** Per-row actions in the Keys table. */
export function KeyActions({ k }: { k: KeyInfoDTO }): ReactNode {
  const openDialog = useApp((s) => s.openDialog);
  const loadKeys = useApp((s) => s.loadKeys);
  const api = useApi();
  return (
    <span className="key-actions" style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
      {k.passphraseRemembered && (
        <button
          type="button"
          className="small"
          onClick={() => void api.forgetPassphrase({ keyId: k.id }).then(() => loadKeys(), () => loadKeys())}
          aria-label={`Forget the remembered passphrase of key ${k.id.slice(0, 7)}`}
        >
          Forget passphrase
        </button>
      )}
      <button type="button" className="small" onClick={() => openDialog('export-key', { keyId: k.id })} aria-label={`Export key ${k.id.slice(0, 7)}`}>
        Export
      </button>
      <button type="button" className="small" onClick={() => openDialog('change-passphrase', { keyId: k.id })} aria-label={`Change passphrase of key ${k.id.slice(0, 7)}`}>
        Passphrase
      </button>
      <button type="button" className="small" onClick={() => openDialog('delete-key', { keyId: k.id })} aria-label={`Delete key ${k.id.slice(0, 7)}`}>
        Delete
      </button>
    </span>
  );
}

/** Generate / Import buttons for the Keys toolbar. */
export function KeyToolbar(): ReactNode {
  const openDialog = useApp((s) => s.openDialog);
  return (
    <>
      <button type="button" onClick={() => openDialog('generate-key')}>
        Generate key
      </button>
      <button type="button" onClick={() => openDialog('import-key')}>
        Import keys
      </button>
    </>
  );
}

/** The backup reminder: root keys (first) never exported nor acknowledged. */
export function BackupReminder(): ReactNode {
  const api = useApi();
  const keys = useApp((s) => s.keys);
  const openDialog = useApp((s) => s.openDialog);
  const [reminder, setReminder] = useState<BackupReminderDTO | null>(null);
  useEffect(() => {
    let live = true;
    api.backupReminder().then(
      (r) => live && setReminder(r),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, keys]);
  const roots = (reminder?.pending ?? []).filter((k) => k.role === 'root');
  if (roots.length === 0) return null;
  return (
    <div className="banner banner-warning" role="status" aria-label="Backup reminder">
      <strong>Back up your root key{roots.length === 1 ? '' : 's'}.</strong> {roots.map((k) => k.id.slice(0, 12)).join(', ')} {roots.length === 1 ? 'has' : 'have'} never been exported.
      A lost root key cannot be recovered.{' '}
      <button type="button" className="small" onClick={() => openDialog('export-key', { keyId: roots[0]!.id })}>
        Export {roots[0]!.id.slice(0, 7)}
      </button>{' '}
      <button
        type="button"
        className="small"
        onClick={() =>
          void api
            .acknowledgeBackup({ keyIds: roots.map((k) => k.id) })
            .then(setReminder)
            .catch(() => undefined)
        }
      >
        I have a backup
      </button>
    </div>
  );
}

registerDialog('generate-key', GenerateKeyDialog);
registerDialog('import-key', ImportKeyDialog);
registerDialog('export-key', ExportKeyDialog);
registerDialog('change-passphrase', ChangePassphraseDialog);
registerDialog('delete-key', DeleteKeyDialog);
