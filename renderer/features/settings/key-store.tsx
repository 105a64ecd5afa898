/** Settings: where new keys go (keychain or trust dir), and why they go elsewhere when the keychain is missing. */
import { useState, type ReactNode } from 'react';
import type { AppInfo, ErrorDTO, SettingsState } from '../../../electron/ipc/contract.ts';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { useApp } from '../../store/index.ts';

type KeyStoreChoice = SettingsState['settings']['keyStore'];

const STORES: Array<{ id: KeyStoreChoice; label: string; detail: string }> = [
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

export function KeyStore({ state, info }: { state: SettingsState; info: AppInfo | null }): ReactNode {
  const update = useApp((s) => s.updateSettings);
  // the choice shows at once; it goes back when saving it fails
  const [choosing, setChoosing] = useState<KeyStoreChoice | null>(null);
  const [error, setError] = useState<ErrorDTO | null>(null);
  const wanted = choosing ?? state.settings.keyStore;
  const active = info?.keyStore.active;
  const choose = async (id: KeyStoreChoice): Promise<void> => {
    setChoosing(id);
    const r = await update({ keyStore: id });
    setError(r && 'code' in r ? r : null);
    setChoosing(null);
  };
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
              onChange={() => void choose(s.id)}
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
      {error && <ErrorExplanation error={error} heading="Signet could not save the settings." />}
    </section>
  );
}
