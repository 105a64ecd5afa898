/**
 * "Settings": the trust server per registry, a CA certificate per server, where new keys go, and
 * what Signet runs with (About). Every change is saved at once to the settings file (settings:update);
 * a settings file that could not be used is reported here with where it was kept.
 */
import { useEffect, useMemo, type ReactNode } from 'react';
import type { AppInfo, SettingsState } from '../../../electron/ipc/contract.ts';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { repositoryEntries } from '../../lib/derive.ts';
import { defaultTrustServer } from '../../lib/reference.ts';
import { useApp } from '../../store/index.ts';
import { MapEditor } from './map-editor.tsx';
import { caProblem, trustServerProblem } from './rules.ts';

export function Settings(): ReactNode {
  const state = useApp((s) => s.settings);
  const info = useApp((s) => s.appInfo);
  const error = useApp((s) => s.settingsError);
  const loadSettings = useApp((s) => s.loadSettings);
  useEffect(() => {
    void loadSettings();
  }, [loadSettings]);
  return (
    <section className="panel settings" aria-labelledby="settings-heading">
      <div className="panel-head">
        <h2 id="settings-heading">Settings</h2>
        {state && <span className="muted small-text">Saved in {state.file}</span>}
      </div>
      {state?.problem && <SettingsProblem problem={state.problem} />}
      {error && <ErrorExplanation error={error} heading="Signet could not read the settings." />}
      {!state && !error && <p role="status">Loading settings…</p>}
      {state && (
        <>
          <TrustServers state={state} />
          <CaCertificates state={state} info={info} />
          <KeyStore state={state} info={info} />
        </>
      )}
      {info && <About info={info} file={state?.file} />}
    </section>
  );
}

function SettingsProblem({ problem }: { problem: NonNullable<SettingsState['problem']> }): ReactNode {
  return (
    <div className="banner banner-warning" role="alert">
      <p>
        <strong>The settings file could not be used.</strong> {problem.message}
      </p>
      <p>
        <strong>What to do:</strong> check the settings below (they are the defaults now); your old settings are in{' '}
        <code>{problem.keptAs}</code>. Saving any setting here writes a new settings file.
      </p>
    </div>
  );
}

function TrustServers({ state }: { state: SettingsState }): ReactNode {
  const update = useApp((s) => s.updateSettings);
  const watched = useApp((s) => s.watched);
  const discovered = useApp((s) => s.discovered);
  const keys = useApp((s) => s.keys);
  const registries = useMemo(
    () => [...new Set(repositoryEntries(watched, discovered, keys).map((e) => e.registry))].sort(),
    [watched, discovered, keys],
  );
  return (
    <section className="settings-group" aria-labelledby="trust-servers-heading">
      <h3 id="trust-servers-heading">Trust servers</h3>
      <p className="muted">
        The notary server that holds a registry’s trust data. Without an entry here Signet uses
        DOCKER_CONTENT_TRUST_SERVER when it is set, else docker’s default for the registry.
      </p>
      <MapEditor
        id="trust-server"
        caption="Trust servers"
        noun="trust server"
        keyLabel="Registry"
        valueLabel="Trust server URL"
        keyPlaceholder="registry.example.com:5000"
        valuePlaceholder="https://notary.example.com:4443"
        keySuggestions={registries}
        entries={state.settings.trustServers}
        check={trustServerProblem}
        save={(trustServers) => update({ trustServers })}
        note={(_registry, url) =>
          url.startsWith('http://') ? (
            <span className="settings-note">
              Plain HTTP: docker refuses it; Signet reads it and warns, but anyone on the network can change what it
              receives before the signatures are checked.
            </span>
          ) : null
        }
        fallback={(registry) => `Default for ${registry}: ${defaultTrustServer(registry)}.`}
        empty={<p>No trust server set: every registry uses the default.</p>}
      />
    </section>
  );
}

function CaCertificates({ state, info }: { state: SettingsState; info: AppInfo | null }): ReactNode {
  const update = useApp((s) => s.updateSettings);
  return (
    <section className="settings-group" aria-labelledby="ca-heading">
      <h3 id="ca-heading">CA certificates</h3>
      <p className="muted">
        A PEM certificate authority that signed a server’s TLS certificate, per host:port (as in the server’s URL).
        Docker’s own place is also read:{' '}
        <code>{info ? `${info.dockerConfig}/tls/<host:port>/ca.crt` : 'DOCKER_CONFIG/tls/<host:port>/ca.crt'}</code>.
      </p>
      <MapEditor
        id="ca-path"
        caption="CA certificates"
        noun="CA certificate"
        keyLabel="Server (host:port)"
        valueLabel="CA certificate file"
        keyPlaceholder="notary.example.com:4443"
        valuePlaceholder="/etc/ssl/notary-ca.pem"
        entries={state.settings.caPaths}
        check={caProblem}
        save={(caPaths) => update({ caPaths })}
        empty={<p>No CA certificate set: the system’s certificate authorities and docker’s tls folder are used.</p>}
      />
    </section>
  );
}

const STORES: Array<{ id: SettingsState['settings']['keyStore']; label: string; detail: string }> = [
  {
    id: 'keychain',
    label: 'OS keychain',
    detail: 'New keys are kept in the system keychain (Secret Service, macOS Keychain, Windows Credential Manager).',
  },
  {
    id: 'trust-dir',
    label: 'docker trust dir',
    detail:
      'New keys are written to the trust dir’s private/ folder as docker and notary do, encrypted by their passphrase.',
  },
];

function KeyStore({ state, info }: { state: SettingsState; info: AppInfo | null }): ReactNode {
  const update = useApp((s) => s.updateSettings);
  const wanted = state.settings.keyStore;
  const active = info?.keyStore.active;
  return (
    <section className="settings-group" aria-labelledby="key-store-heading">
      <h3 id="key-store-heading">Where new keys go</h3>
      <fieldset className="settings-choices">
        <legend className="sr-only">Where new keys go</legend>
        {STORES.map((s) => (
          <div className="settings-choice" key={s.id}>
            <input
              type="radio"
              id={`key-store-${s.id}`}
              name="key-store"
              checked={wanted === s.id}
              onChange={() => void update({ keyStore: s.id })}
              aria-describedby={`key-store-${s.id}-detail`}
            />
            <label htmlFor={`key-store-${s.id}`}>{s.label}</label>
            <span id={`key-store-${s.id}-detail`} className="muted small-text">
              {s.detail}
            </span>
          </div>
        ))}
      </fieldset>
      {info && active !== wanted && (
        <p className="banner banner-warning" role="status">
          New keys go to the {active === 'keychain' ? 'OS keychain' : 'docker trust dir'} for now
          {info.keyStore.note ? `: ${info.keyStore.note}` : ''}.
        </p>
      )}
      {info && active === wanted && info.keyStore.note && <p className="muted small-text">{info.keyStore.note}</p>}
      <p className="muted small-text">Keys already in the other store stay usable.</p>
    </section>
  );
}

function About({ info, file }: { info: AppInfo; file: string | undefined }): ReactNode {
  const versions = Object.entries(info.versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return (
    <section className="settings-group" aria-labelledby="about-heading">
      <h3 id="about-heading">About {info.name}</h3>
      <dl className="settings-facts">
        <dt>Version</dt>
        <dd>
          {info.version} ({info.shell === 'electron' ? 'desktop app' : 'browser harness'}, {info.platform})
        </dd>
        {versions && (
          <>
            <dt>Runtime</dt>
            <dd>{versions}</dd>
          </>
        )}
        <dt>Docker config dir</dt>
        <dd>
          <code>{info.dockerConfig}</code>
        </dd>
        <dt>Trust dir</dt>
        <dd>
          <code>{info.trustDir}</code>
        </dd>
        {file && (
          <>
            <dt>Settings file</dt>
            <dd>
              <code>{file}</code>
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}
