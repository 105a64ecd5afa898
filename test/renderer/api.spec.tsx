/**
 * The renderer's API is derived from the IPC contract: one name per channel (`keys:import` is
 * `api.keys.import`, as `window.signet.keys.import`), one generic unwrapping call, no hand-written
 * wrapper. A channel added to a contract appears in the API by itself (type and runtime).
 */
import { afterEach, describe, expect, expectTypeOf, test, vi } from 'vitest';
import { REQUEST_CHANNELS, buildApi, splitChannel } from '../../electron/ipc/channels.ts';
import type {
  InitializeRequest,
  InitializeSummary,
  KeyImportRequest,
  KeyInfoDTO,
  RequestChannels,
  Result,
} from '../../electron/ipc/contract.ts';
import { ApiError, api, deriveApi, type Api, type ApiOf } from '../../renderer/api.ts';

afterEach(() => {
  delete (globalThis as { signet?: unknown }).signet;
});

/** `window.signet` as the preload builds it (the same buildApi), over a fake ipcRenderer.invoke. */
function installBridge(invoke: (channel: string, args: unknown[]) => Promise<unknown>): void {
  (globalThis as { signet?: unknown }).signet = buildApi(invoke, () => () => undefined);
}

describe('the API derived from the contract', () => {
  test('every request channel is api.<domain>.<method>, named as in the contract', () => {
    for (const channel of REQUEST_CHANNELS) {
      const [domain, method] = splitChannel(channel);
      const group = (api as unknown as Record<string, Record<string, unknown>>)[domain];
      expect(typeof group?.[method], channel).toBe('function');
    }
    const derived = Object.entries(api as unknown as Record<string, unknown>)
      .filter(([k]) => k !== 'on')
      .flatMap(([d, group]) => Object.keys(group as object).map((m) => `${d}:${m}`));
    expect(derived.sort()).toEqual([...REQUEST_CHANNELS].sort());
    expect('init' in api.trust).toBe(false);
  });

  test('a call goes to window.signet under the same name and unwraps the Result', async () => {
    const key: KeyInfoDTO = {
      id: 'a'.repeat(64),
      role: 'alice',
      location: 'trust-dir',
      where: '/t',
      passphraseRemembered: false,
      backedUp: false,
    };
    const invoke = vi.fn(async (): Promise<Result<unknown>> => ({ ok: true, value: [key] }));
    installBridge(invoke);
    const file = 'f'.repeat(32);
    expect(await api.keys.import({ file })).toEqual([key]);
    expect(invoke).toHaveBeenCalledWith('keys:import', [{ file }]);
    await api.trust.initialize({ reference: 'example/app' });
    expect(invoke).toHaveBeenLastCalledWith('trust:initialize', [{ reference: 'example/app' }]);
    await api.keys.list();
    expect(invoke).toHaveBeenLastCalledWith('keys:list', []);
  });

  test('a failed Result is an ApiError with code, message and hint; a broken transport is INTERNAL', async () => {
    installBridge(async () => ({
      ok: false,
      error: { code: 'KEY_WRONG_PASSPHRASE', message: 'wrong passphrase', hint: 'try again' },
    }));
    const e = await api.keys.delete({ keyId: 'a'.repeat(64) }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).toDTO()).toEqual({
      code: 'KEY_WRONG_PASSPHRASE',
      message: 'wrong passphrase',
      hint: 'try again',
    });
    installBridge(async () => {
      throw new Error('socket closed');
    });
    expect(((await api.settings.get().catch((x: unknown) => x)) as ApiError).toDTO()).toEqual({
      code: 'INTERNAL',
      message: 'socket closed',
    });
    delete (globalThis as { signet?: unknown }).signet;
    expect(((await api.app.info().catch((x: unknown) => x)) as ApiError).message).toMatch(/window\.signet is missing/);
  });

  test('types: each method takes the channel’s argument and returns its value', () => {
    expectTypeOf<Api['trust']['initialize']>().toEqualTypeOf<
      (request: InitializeRequest) => Promise<InitializeSummary>
    >();
    expectTypeOf<Api['keys']['import']>().toEqualTypeOf<(request: KeyImportRequest) => Promise<KeyInfoDTO[]>>();
    expectTypeOf<Api['keys']['list']>().toEqualTypeOf<() => Promise<KeyInfoDTO[]>>();
  });

  test('a channel added to a contract appears in the API with no wrapper written for it', async () => {
    type Extended = RequestChannels & {
      'diagnostics:ping': (request: { echo: string }) => Promise<Result<{ pong: string }>>;
    };
    // type level: the new domain and method exist, typed from the contract entry
    expectTypeOf<ApiOf<Extended>['diagnostics']['ping']>().toEqualTypeOf<
      (request: { echo: string }) => Promise<{ pong: string }>
    >();
    expectTypeOf<ApiOf<Extended>['trust']['sign']>().toEqualTypeOf<Api['trust']['sign']>();
    // runtime: the channel list is all it takes
    const channels = [...REQUEST_CHANNELS, 'diagnostics:ping'] as const;
    const invoke = vi.fn(async (channel: string, args: unknown[]): Promise<Result<unknown>> => ({
      ok: true,
      value: channel === 'diagnostics:ping' ? { pong: (args[0] as { echo: string }).echo } : null,
    }));
    const extended = deriveApi<Extended>(channels, invoke);
    expect(await extended.diagnostics.ping({ echo: 'hi' })).toEqual({ pong: 'hi' });
    expect(invoke).toHaveBeenCalledWith('diagnostics:ping', [{ echo: 'hi' }]);
    expect(Object.isFrozen(extended.diagnostics)).toBe(true);
  });
});
