/**
 * What the repository pane shows when no repository is open. On a first start with an empty trust
 * dir and no repositories: what Signet is for and the next steps (add a repository by name, add a
 * registry, import keys, generate a key). Otherwise: what Signet found (the trust dir's
 * repositories and keys are in the sidebar and under Keys from the first start on) and how to go on.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { explain } from '../../lib/explain.ts';
import { repositoryEntries } from '../../lib/derive.ts';
import { useApp } from '../../store/index.ts';
import { useAddRegistryFlow } from './add-registry-hook.ts';

const FOUND_SHOWN = 10;
const FOUND: Partial<Record<string, string>> = {
  watched: 'added by you',
  keys: 'you hold a key for it',
  cache: 'its trust data is in the cache',
};

export function StartScreen(): ReactNode {
  const watched = useApp((s) => s.watched);
  const discovered = useApp((s) => s.discovered);
  const keys = useApp((s) => s.keys);
  const registries = useApp((s) => s.registries);
  const loaded = useApp((s) => s.repositoriesLoaded && s.keysStatus !== 'idle' && s.keysStatus !== 'loading');
  const trustDir = useApp((s) => s.appInfo?.trustDir);
  const select = useApp((s) => s.select);
  const setSection = useApp((s) => s.setSection);
  const entries = repositoryEntries(watched, discovered, keys, registries);
  const repositories = entries.length;
  if (!loaded) return <p role="status">Reading your docker trust dir…</p>;
  if (repositories === 0 && keys.length === 0) return <FirstStart trustDir={trustDir} />;
  return (
    <section className="welcome" aria-labelledby="welcome-heading">
      <h1 id="welcome-heading">Docker Content Trust</h1>
      <p>
        {trustDir ? (
          <>
            In your docker trust dir <code>{trustDir}</code> Signet found{' '}
          </>
        ) : (
          'Signet knows '
        )}
        <strong>
          {repositories} repositor{repositories === 1 ? 'y' : 'ies'} and {keys.length} key{keys.length === 1 ? '' : 's'}
        </strong>
        : the repositories are listed on the left, the keys under Keys.
      </p>
      <p>
        Pick a repository to see its signed tags, signers, administrative keys and expiry dates, and to sign a tag. To
        see another one, type it (<code>example/app</code> or <code>registry.example.com:5000/team/app</code>) in the
        Repository box and press Enter.
      </p>
      {repositories > 0 && (
        <ul className="found-list" aria-label="Repositories found">
          {entries.slice(0, FOUND_SHOWN).map((e) => (
            <li key={e.reference}>
              <button type="button" className="link" onClick={() => select(e.reference)}>
                {e.gun}
              </button>{' '}
              <span className="muted small-text">{FOUND[e.origin] ?? ''}</span>
            </li>
          ))}
          {repositories > FOUND_SHOWN && <li className="muted">and {repositories - FOUND_SHOWN} more on the left</li>}
        </ul>
      )}
      {keys.length > 0 && (
        <button type="button" className="secondary" onClick={() => setSection('keys')}>
          Show the keys
        </button>
      )}
    </section>
  );
}

function FirstStart({ trustDir }: { trustDir: string | undefined }): ReactNode {
  const addRepository = useApp((s) => s.addRepository);
  const error = useApp((s) => s.repositoriesError);
  const openDialog = useApp((s) => s.openDialog);
  const addRegistry = useAddRegistryFlow();
  const [text, setText] = useState('');
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (await addRepository(text)) setText('');
  };
  return (
    <section className="first-start" aria-labelledby="first-start-heading">
      <h1 id="first-start-heading">Welcome to Signet</h1>
      <p className="first-start-lead">
        Signet signs container images and shows who signed them, with Docker Content Trust: the signatures that{' '}
        <code>docker trust sign</code> makes and that <code>docker pull</code> checks when{' '}
        <code>DOCKER_CONTENT_TRUST=1</code>. It keeps your root, repository and signer keys, signs tags, manages who may
        sign, and warns before signatures expire.
      </p>
      <p>
        {trustDir ? (
          <>
            Your docker trust dir <code>{trustDir}</code> has no keys and no repositories yet.
          </>
        ) : (
          'There are no keys and no repositories yet.'
        )}{' '}
        Start with one of these:
      </p>
      <ol className="next-steps" aria-label="Next steps">
        <li>
          <h2>Add a repository</h2>
          <p>An image repository you publish or pull: Signet shows its signed tags, and you can sign one.</p>
          <form className="first-start-add" onSubmit={(e) => void submit(e)}>
            <label htmlFor="first-start-repository">Repository to add</label>
            <input
              id="first-start-repository"
              type="text"
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder="example/app or registry.example.com:5000/team/app"
              autoComplete="off"
              spellCheck={false}
            />
            <button type="submit" disabled={text.trim() === ''}>
              Add repository
            </button>
          </form>
          {error && (
            <p className="field-error" role="alert">
              {explain(error).title}: {error.message}
              {error.hint ? ` (${error.hint})` : ''}
            </p>
          )}
        </li>
        <li>
          <h2>Add a registry</h2>
          <p>Every repository of a registry’s catalog, to audit which tags are signed.</p>
          <button type="button" onClick={addRegistry}>
            Add registry
          </button>
        </li>
        <li>
          <h2>Import keys</h2>
          <p>
            Keys you already have: a docker trust dir (<code>~/.docker/trust</code> from another computer, or a backup
            of it), or one key file.
          </p>
          <button type="button" className="secondary" onClick={() => openDialog({ kind: 'import-key' })}>
            Import keys
          </button>
        </li>
        <li>
          <h2>Generate a key</h2>
          <p>
            A signer key to send to a repository’s administrator, who adds you as a signer (as{' '}
            <code>docker trust key generate</code>).
          </p>
          <button type="button" className="secondary" onClick={() => openDialog({ kind: 'generate-key' })}>
            Generate a key
          </button>
        </li>
      </ol>
    </section>
  );
}
