import { describe, expect, test, vi } from 'vitest';
import { createAppStore } from '../../renderer/store/index.ts';
import { parseReference, repositoryPart } from '../../renderer/lib/reference.ts';
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
    const part = (r: string): string => {
      const p = parseReference(r);
      if (!p.ok) throw new Error(p.error.message);
      return repositoryPart(p.ref);
    };
    expect(part('example/trust-demo:v1')).toBe('example/trust-demo');
    expect(part('127.0.0.1:5000/example/trust-demo')).toBe('127.0.0.1:5000/example/trust-demo');
    expect(part('127.0.0.1:5000/example/trust-demo:latest')).toBe('127.0.0.1:5000/example/trust-demo');
    expect(part(`example/app@sha256:${'a'.repeat(64)}`)).toBe('example/app');
    expect(part(`localhost:5000/app:v1@sha256:${'a'.repeat(64)}`)).toBe('localhost:5000/app');
    const api = fakeApi();
    const store = createAppStore(api);
    await store.getState().addRepository('127.0.0.1:5000/example/trust-demo:v2');
    expect(api.calls[0]).toBe('add 127.0.0.1:5000/example/trust-demo');
  });

  test('repositories: an empty box adds nothing; core refuses a bad reference before main is asked', async () => {
    const api = fakeApi({ addError: { code: 'BAD_INPUT', message: 'refused by main' } });
    const store = createAppStore(api);
    expect(await store.getState().addRepository('   ')).toBe(false);
    expect(await store.getState().addRepository('X')).toBe(false);
    expect(store.getState().repositoriesError).toMatchObject({
      code: 'BAD_REFERENCE',
      message: 'invalid reference format: repository name (library/X) must be lowercase',
    });
    expect(await store.getState().addRepository('a b')).toBe(false);
    expect(store.getState().repositoriesError?.message).toBe('invalid reference format');
    expect(api.calls).toEqual([]);
    expect(await store.getState().addRepository('x')).toBe(false);
    expect(store.getState().repositoriesError).toEqual({ code: 'BAD_INPUT', message: 'refused by main' });
  });

  test('repositories: a repository already watched under another spelling is selected', async () => {
    const gun = 'docker.io/example/app';
    const api = fakeApi({ watched: [{ reference: gun, gun, registry: 'docker.io' }] });
    api.handlers['repositories:add'] = async () => [{ reference: gun, gun, registry: 'docker.io' }];
    const store = createAppStore(api);
    expect(await store.getState().addRepository('example/app:v1')).toBe(true);
    expect(store.getState().selected).toBe(gun);
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
    failing.handlers['keys:list'] = async () => {
      throw new Error('keychain locked');
    };
    const s2 = createAppStore(failing);
    await s2.getState().loadKeys();
    expect(s2.getState().keysError).toEqual({ code: 'INTERNAL', message: 'keychain locked' });
  });

  test('ui: openDialog / closeDialog; select switches to the repository section', () => {
    const store = createAppStore(fakeApi());
    store.getState().setSection('keys');
    store.getState().openDialog({ kind: 'sign-tag', reference: 'a', tag: 'v1' });
    expect(store.getState().dialog).toEqual({ kind: 'sign-tag', reference: 'a', tag: 'v1' });
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
