/**
 * "Add registry": a registry added as a whole. Its catalog is read now; its repositories are listed
 * in the sidebar under the registry. A registry without a catalog (404, 401) is refused with what
 * to do instead: add its repositories by name. Opened with a registry (typed in the Repository box),
 * it reads that registry's catalog at once.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { RegistryListing } from '../../../electron/ipc/contract.ts';
import { FormDialog } from '../../components/form-dialog.tsx';
import { useAction } from '../../components/use-action.ts';
import { useApp } from '../../store/index.ts';
import type { DialogProps } from '../../store/types.ts';
import { TextField } from '../../components/text-field.tsx';

const SHOWN = 12;

export function AddRegistryDialog({ registry, onClose }: DialogProps<'add-registry'>): ReactNode {
  const addRegistry = useApp((s) => s.addRegistry);
  const setSection = useApp((s) => s.setSection);
  const setAuditSelection = useApp((s) => s.setAuditSelection);
  const [text, setText] = useState(registry ?? '');
  const [added, setAdded] = useState<RegistryListing | null>(null);
  const { run, busy, error, setError } = useAction(async () => {
    const r = await addRegistry(text.trim());
    if ('error' in r) setError(r.error);
    else setAdded(r.listing);
  });
  const submit = async (): Promise<void> => {
    if (text.trim() === '')
      return setError({
        code: 'BAD_INPUT',
        message: 'type the registry’s host name, with its port if it has one',
        hint: 'for example registry.example.com:5000',
      });
    await run();
  };
  // a registry the user already asked to add (the Repository box): its catalog is read at once
  const started = useRef(false);
  useEffect(() => {
    if (registry === undefined || started.current) return;
    started.current = true;
    void run();
  });
  const auditNow = (): void => {
    if (!added) return;
    setAuditSelection([added.registry]);
    setSection('audit');
    onClose();
  };
  return (
    <FormDialog
      title="Add registry"
      onClose={onClose}
      busy={busy}
      className="add-registry-dialog"
      wide={false}
      formId="add-registry-form"
      onSubmit={submit}
      done={!!added}
      primary={{ label: busy ? 'Reading its catalog…' : 'Add registry' }}
      result={
        added && (
          <div role="status">
            <p className="dlg-success">
              Added {added.registry}: {added.repositories.length}{' '}
              {added.repositories.length === 1 ? 'repository' : 'repositories'} in its catalog.
            </p>
            <p>They are listed in the sidebar under {added.registry}, and the registry can be audited as a whole.</p>
            {added.repositories.length > 0 && (
              <ul className="dlg-list" aria-label={`Repositories of ${added.registry}`}>
                {added.repositories.slice(0, SHOWN).map((gun) => (
                  <li key={gun}>
                    <code>{gun}</code>
                  </li>
                ))}
                {added.repositories.length > SHOWN && <li>and {added.repositories.length - SHOWN} more</li>}
              </ul>
            )}
          </div>
        )
      }
      resultActions={
        <>
          <button type="button" onClick={auditNow}>
            Audit it now
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      <p>
        Signet reads the registry’s catalog (every repository it lists) and shows its repositories in the sidebar.
        Registries that keep their catalog private, such as Docker Hub, cannot be added this way: add their repositories
        by name.
      </p>
      <TextField
        id="add-registry-input"
        label="Registry (host or host:port)"
        value={text}
        onChange={setText}
        placeholder="registry.example.com:5000"
        disabled={busy}
      />
      {error && (
        // not ErrorExplanation: its causes speak of trust data, this is about the registry's catalog
        <div className="error-explanation" role="alert">
          <p className="error-heading">The registry was not added: {error.message}</p>
          {error.hint && (
            <p>
              <strong>What to do:</strong> {error.hint}
            </p>
          )}
        </div>
      )}
    </FormDialog>
  );
}
