/**
 * "Settings": the trust server per registry, a CA certificate per server, where new keys go, the
 * hardware tokens' PKCS#11 module, and
 * what Signet runs with (About). Every change is saved at once to the settings file (settings:update);
 * a settings file that could not be used is reported here with where it was kept.
 */
import { useEffect, useMemo, type ReactNode } from 'react';
import type { AppInfo, SettingsState } from '../../../electron/ipc/contract.ts';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { repositoryEntries } from '../../lib/derive.ts';
import { defaultTrustServer } from '../../lib/reference.ts';
import { useApp } from '../../store/index.ts';
import { FileMapEditor } from './file-map-editor.tsx';
import { MapEditor } from './map-editor.tsx';
import { caProblem, trustServerProblem } from './rules.ts';
import { KeyStore } from './key-store.tsx';
import { HardwareTokens } from './hardware-tokens.tsx';
import { About } from './about.tsx';
import { TrustPins } from './trust-pins.tsx';

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
          <TrustPins />
          <KeyStore state={state} info={info} />
          <HardwareTokens />
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
        <strong>{problem.message}</strong>
      </p>
      <p>
        <strong>What to do:</strong> check the settings below (the defaults); your old settings are still in the kept
        file. Saving any setting here writes a new settings file.
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
        DOCKER_CONTENT_TRUST_SERVER when it is set, else docker’s default for the registry. Signet asks you to confirm
        every change, naming the old and the new server.
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
  const setCaFile = useApp((s) => s.setCaFile);
  const removeCaFile = useApp((s) => s.removeCaFile);
  return (
    <section className="settings-group" aria-labelledby="ca-heading">
      <h3 id="ca-heading">CA certificates</h3>
      <p className="muted">
        A PEM certificate authority that signed a server’s TLS certificate, per host:port (as in the server’s URL).
        Docker’s own place is also read:{' '}
        <code>{info ? `${info.dockerConfig}/tls/<host:port>/ca.crt` : 'DOCKER_CONFIG/tls/<host:port>/ca.crt'}</code>.
      </p>
      <FileMapEditor
        id="ca-file"
        caption="CA certificates"
        noun="CA certificate"
        keyLabel="Server (host:port)"
        valueLabel="CA certificate file"
        keyPlaceholder="notary.example.com:4443"
        entries={state.settings.caFiles}
        check={caProblem}
        set={setCaFile}
        remove={removeCaFile}
        empty={<p>No CA certificate set: the system’s certificate authorities and docker’s tls folder are used.</p>}
      />
    </section>
  );
}
