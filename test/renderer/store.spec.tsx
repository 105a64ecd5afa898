import { describe, expect, test, vi } from 'vitest';
import { createAppStore } from '../../renderer/store/index.ts';
import { repositoryPart } from '../../renderer/store/repositories.ts';
import { fakeApi, makeView } from './fixtures.tsx';

const REF = 'registry.example.com:5000/team/app';

describe('store slices', () => {
  test('repositories: add selects and loads the view; remove unselects', async () => {
    const api = fakeApi({ views: { [REF]: makeView() } });
    const store = createAppStore(api);
    expect(await store.getState().addRepository(`  ${REF} `)).toBe(true);
    expect(store.getState().selected).toBe(REF);
    await vi.waitFor(() => expect(store.getState().views[REF]?.status).toBe('ready'));
    await store.getState().removeRepository(REF);
    expect(store.getState().selected).toBeNull();
    expect(store.getState().watched).toEqual([]);
  });

  test('repositories: any image reference is accepted; a tag or digest opens its repository', async () => {
    expect(repositoryPart('example/trust-demo:v1')).toBe('example/trust-demo');
    expect(repositoryPart('127.0.0.1:5000/example/trust-demo')).toBe('127.0.0.1:5000/example/trust-demo');
    expect(repositoryPart('127.0.0.1:5000/example/trust-demo:latest')).toBe('127.0.0.1:5000/example/trust-demo');
    expect(repositoryPart(`example/app@sha256:${'a'.repeat(64)}`)).toBe('example/app');
    const api = fakeApi();
    const store = createAppStore(api);
    await store.getState().addRepository('127.0.0.1:5000/example/trust-demo:v2');
    expect(api.calls[0]).toBe('add 127.0.0.1:5000/example/trust-demo');
  });

  test('repositories: an empty box adds nothing; a refused reference keeps the error', async () => {
    const api = fakeApi({ addError: { code: 'BAD_REFERENCE', message: 'bad' } });
    const store = createAppStore(api);
    expect(await store.getState().addRepository('   ')).toBe(false);
    expect(api.calls).toEqual([]);
    expect(await store.getState().addRepository('X')).toBe(false);
    expect(store.getState().repositoriesError).toEqual({ code: 'BAD_REFERENCE', message: 'bad' });
  });

  test('trust: one request at a time per repository; a failed refresh keeps the old view', async () => {
    const views: Record<string, ReturnType<typeof makeView> | { code: 'HTTP_UNREACHABLE'; message: string }> = {
      [REF]: makeView(),
    };
    const api = fakeApi({ views });
    const store = createAppStore(api);
    await Promise.all([store.getState().loadView(REF), store.getState().loadView(REF)]);
    expect(api.calls.filter((c) => c.startsWith('view'))).toHaveLength(1);
    await store.getState().loadView(REF); // cached: no request
    expect(api.calls.filter((c) => c.startsWith('view'))).toHaveLength(1);
    views[REF] = { code: 'HTTP_UNREACHABLE', message: 'down' };
    await store.getState().loadView(REF, { force: true });
    const entry = store.getState().views[REF]!;
    expect(entry.status).toBe('error');
    expect(entry.error?.code).toBe('HTTP_UNREACHABLE');
    expect(entry.view?.gun).toBe(REF);
  });

  test('trust: raw metadata is "unavailable" when the call fails', async () => {
    const store = createAppStore(fakeApi());
    await store.getState().loadRaw(REF);
    expect(store.getState().raw[REF]).toEqual({ status: 'unavailable' });
  });

  test('keys: loaded, or the error kept', async () => {
    const store = createAppStore(
      fakeApi({
        keys: [
          { id: 'k', role: 'root', location: 'keychain', where: '', passphraseRemembered: false, backedUp: false },
        ],
      }),
    );
    await store.getState().loadKeys();
    expect(store.getState().keysStatus).toBe('ready');
    expect(store.getState().keys).toHaveLength(1);
    const failing = fakeApi();
    failing.listKeys = async () => {
      throw new Error('keychain locked');
    };
    const s2 = createAppStore(failing);
    await s2.getState().loadKeys();
    expect(s2.getState().keysError).toEqual({ code: 'INTERNAL', message: 'keychain locked' });
  });

  test('ui: openDialog / closeDialog; select switches to the repository section', () => {
    const store = createAppStore(fakeApi());
    store.getState().setSection('keys');
    store.getState().openDialog('sign-tag', { reference: 'a:v1' });
    expect(store.getState().dialog).toEqual({ kind: 'sign-tag', props: { reference: 'a:v1' } });
    store.getState().closeDialog();
    expect(store.getState().dialog).toBeNull();
    store.getState().select(REF);
    expect(store.getState().section).toBe('repository');
  });

  test('progress: steps merge per operation and finished ones are cleared', async () => {
    vi.useFakeTimers();
    try {
      const store = createAppStore(fakeApi(), { progressLingerMs: 100 });
      store.getState().onProgress({ operationId: 'a', channel: 'trust:view', step: 'fetching', gun: 'g' });
      store.getState().onProgress({ operationId: 'a', channel: 'trust:view', step: 'done' });
      expect(store.getState().operations['a']).toMatchObject({ step: 'done', gun: 'g' });
      vi.advanceTimersByTime(150);
      expect(store.getState().operations).toEqual({});
    } finally {
      vi.useRealTimers();
    }
  });
});
