/** The app shell: sidebar of repositories, the selected section, network activity, and the dialog host. */
import { useEffect, type ReactNode } from 'react';
import { ApiContext, type Api } from './api.ts';
import { StoreContext, useApp, type AppStore } from './store/index.ts';
import { RepositoryList } from './features/repository-list/repository-list.tsx';
import { RepositoryView } from './features/repository/repository-view.tsx';
import { Keys } from './features/keys/keys.tsx';
import { ExpiryOverview } from './features/expiry-overview/expiry-overview.tsx';
import { Settings } from './features/settings/settings.tsx';
import { StartScreen } from './features/first-start/first-start.tsx';
import { ProgressArea } from './features/progress/progress.tsx';
import { AuditView } from './features/audit/audit-view.tsx';
import { DialogHost } from './features/dialogs/host.tsx';
import { ArchiveView } from './features/history/archive-view.tsx';
import { ConfigNotices } from './features/settings/config-notices.tsx';
import { isArchiveKey } from './store/history.ts';
import { repositoryEntries } from './lib/derive.ts';
import type { Section } from './store/types.ts';

/** Loads what the sidebar and the overview need, and follows progress events. */
export async function bootstrap(store: AppStore, api: Api): Promise<() => void> {
  const offs = [
    api.on('progress', (e) => store.getState().onProgress(e)),
    api.on('audit:progress', (e) => store.getState().onAuditProgress(e)),
    api.on('audit:repository', (e) => store.getState().onAuditRepository(e)),
  ];
  const off = (): void => offs.forEach((f) => f());
  const s = store.getState();
  await Promise.all([s.loadRepositories(), s.loadKeys(), s.loadSettings()]);
  void s.loadRegistries(); // catalogs over the network: the sidebar fills in when they answer
  // every known repository's trust data, two at a time: badges and the expiry overview need them
  const { watched, discovered, keys } = store.getState();
  const refs = repositoryEntries(watched, discovered, keys).map((e) => e.reference);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < refs.length) await store.getState().loadView(refs[next++]!);
  };
  void Promise.all([worker(), worker()]);
  return off;
}

const SECTIONS: Array<{ id: Section; label: string }> = [
  { id: 'repository', label: 'Repository' },
  { id: 'expiry', label: 'Expiry' },
  { id: 'audit', label: 'Audit' },
  { id: 'keys', label: 'Keys' },
  { id: 'settings', label: 'Settings' },
];

function Shell(): ReactNode {
  const section = useApp((s) => s.section);
  const setSection = useApp((s) => s.setSection);
  const selected = useApp((s) => s.selected);
  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Signet</span>
        <nav aria-label="Sections" className="sections">
          {SECTIONS.map((s) => (
            <button
              key={s.id}
              type="button"
              aria-current={section === s.id ? 'page' : undefined}
              onClick={() => setSection(s.id)}
            >
              {s.label}
            </button>
          ))}
        </nav>
      </header>
      <RepositoryList />
      <main className="content" id="main">
        <ConfigNotices />
        {section === 'repository' &&
          (selected && isArchiveKey(selected) ? (
            <ArchiveView key={selected} id={selected.slice('archive:'.length)} />
          ) : selected ? (
            <RepositoryView key={selected} reference={selected} />
          ) : (
            <StartScreen />
          ))}
        {section === 'expiry' && <ExpiryOverview />}
        {section === 'audit' && <AuditView />}
        {section === 'keys' && <Keys />}
        {section === 'settings' && <Settings />}
      </main>
      <footer className="statusbar">
        <ProgressArea />
      </footer>
      <DialogHost />
    </div>
  );
}

export function App({ store, api }: { store: AppStore; api: Api }): ReactNode {
  useEffect(() => {
    let off: (() => void) | undefined;
    let cancelled = false;
    void bootstrap(store, api).then((f) => {
      if (cancelled) f();
      else off = f;
    });
    return () => {
      cancelled = true;
      off?.();
    };
  }, [store, api]);
  return (
    <ApiContext.Provider value={api}>
      <StoreContext.Provider value={store}>
        <Shell />
      </StoreContext.Provider>
    </ApiContext.Provider>
  );
}
