/**
 * Settings → Hardware tokens: the PKCS#11 module Signet loads (chosen in main's Open dialog and
 * shown by file name; else SIGNET_PKCS11_MODULE, else a common one installed) and its tokens.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { TokenDTO, TokensDTO } from '../../../electron/ipc/contract.ts';
import { ErrorExplanation } from '../../components/error-explanation.tsx';
import { useAction } from '../../components/use-action.ts';
import { useApi } from '../../api.ts';

const SOURCE: Record<NonNullable<TokensDTO['module']>['source'], string> = {
  settings: 'chosen here',
  env: 'from SIGNET_PKCS11_MODULE',
  default: 'found on this computer',
};

const PIN: Record<TokenDTO['pin'], string> = {
  ok: 'PIN ready',
  'count-low': 'a wrong PIN was entered',
  'final-try': 'one PIN try left',
  locked: 'PIN locked',
};

export function HardwareTokens(): ReactNode {
  const api = useApi();
  const [view, setView] = useState<TokensDTO | null>(null);
  const { run, busy, error } = useAction(async (what: 'load' | 'choose' | 'default' | 'off') => {
    if (what === 'load') return setView(await api.keys.tokens());
    if (what === 'choose') {
      const [chosen] = await api.files.chooseOpen({ purpose: 'pkcs11-module' });
      if (chosen) setView(await api.keys.setTokenModule({ file: chosen.handle }));
      return;
    }
    setView(await api.keys.resetTokenModule({ off: what === 'off' }));
  });
  useEffect(() => {
    void run('load');
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the section opens
  }, []);
  return (
    <section className="settings-group" aria-labelledby="tokens-heading">
      <h3 id="tokens-heading">Hardware tokens</h3>
      <p className="muted small-text">
        Keys on a YubiKey, a smart card or an HSM, through its PKCS#11 module. They sign where they are: the key never
        leaves the token, and its PIN is asked when it signs.
      </p>
      {view && (
        <p role="status">
          {view.module ? (
            <>
              Module <code>{view.module.name}</code> <span className="muted">({SOURCE[view.module.source]})</span>
            </>
          ) : view.off ? (
            'Hardware tokens are turned off.'
          ) : (
            'No PKCS#11 module found: choose the one of your token (libykcs11, opensc-pkcs11, libsofthsm2).'
          )}
        </p>
      )}
      {view?.problem && <ErrorExplanation error={{ code: 'TOKEN_MODULE', ...view.problem }} />}
      {view && view.module && !view.problem && (
        <table className="settings-table">
          <caption className="sr-only">Tokens</caption>
          <thead>
            <tr>
              <th scope="col">Token</th>
              <th scope="col">Model</th>
              <th scope="col">ECDSA P-256</th>
              <th scope="col">PIN</th>
            </tr>
          </thead>
          <tbody>
            {view.tokens.length === 0 ? (
              <tr>
                <td colSpan={4} className="muted">
                  No token is plugged in.
                </td>
              </tr>
            ) : (
              view.tokens.map((t) => (
                <tr key={`${t.label}/${t.serial}`}>
                  <td>{t.label}</td>
                  <td>
                    {t.manufacturer} {t.model}
                  </td>
                  <td>{t.p256 ? 'yes' : 'no: cannot hold docker keys'}</td>
                  <td>{PIN[t.pin]}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      )}
      <div className="settings-actions">
        <button type="button" className="secondary" disabled={busy} onClick={() => void run('choose')}>
          Choose module…
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={() => void run('default')}>
          Find it automatically
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={() => void run('off')}>
          Turn off
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={() => void run('load')}>
          Refresh
        </button>
      </div>
      {error && <ErrorExplanation error={error} />}
    </section>
  );
}
