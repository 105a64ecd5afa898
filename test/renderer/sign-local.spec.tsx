/**
 * The Sign dialog with a local image (jsdom, main faked per channel): the engine's images listed
 * beside the registry's tags ("local, not pushed yet"), the push with its layers from
 * `engine:progress` and Cancel, then the plan and the signature for the digest the registry serves
 * (`fresh`: not a co-signature of the digest signed before); without an engine the list says so.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../renderer/app.tsx';
import { ApiError } from '../../renderer/api.ts';
import { createAppStore } from '../../renderer/store/index.ts';
import type { PushRequest, SignRequest, SigningPlanRequest } from '../../electron/ipc/contract.ts';
import { apiOver, fakeApi, fakeEvents, hex, makeView, type FakeHandlers } from './fixtures.tsx';

afterEach(cleanup);

const REF = 'registry.example.com:5000/team/app';

function fakeMain(push: (req: PushRequest, emit: ReturnType<typeof fakeEvents>['emit']) => Promise<unknown>) {
  const events = fakeEvents();
  const handlers = {
    'registry:tags': vi.fn(async (reference: string) => ({ gun: reference, found: true, tags: ['v1'] })),
    'engine:localImages': vi.fn(async () => ({
      engine: 'unix:///var/run/docker.sock',
      images: [
        { tag: 'v1', id: 'sha256:1' },
        { tag: 'v2', id: 'sha256:2' },
      ],
    })),
    'engine:push': vi.fn(async (req: PushRequest) => push(req, events.emit) as never),
    'engine:cancel': vi.fn(async () => ({ cancelled: true })),
    'trust:resolveDigest': vi.fn(async (reference: string) => ({
      gun: REF,
      tag: reference.split(':').pop()!,
      digest: hex('c'),
      size: 528,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    })),
    'trust:signingPlan': vi.fn(async (req: SigningPlanRequest) => ({
      gun: REF,
      tag: req.reference.split(':').pop()!,
      roles: ['targets'],
      keys: { targets: [hex('1')] },
      signers: [],
      unchanged: [],
      staged: 0,
    })),
    'trust:sign': vi.fn(async (req: SignRequest) => ({
      gun: REF,
      tag: req.reference.split(':').pop()!,
      digest: hex('c'),
      size: 528,
      source: 'registry' as const,
      roles: ['targets'],
      unchanged: [],
      existingSigners: [],
    })),
    'trust:stagedChanges': vi.fn(async () => []),
  } satisfies FakeHandlers;
  return Object.assign(handlers, events);
}

async function open(main: ReturnType<typeof fakeMain>, over: FakeHandlers = {}) {
  const read = fakeApi({ views: { [REF]: makeView() } });
  const api = apiOver({ ...read.handlers, ...main, ...over }, main.on);
  const store = createAppStore(api, { progressLingerMs: 10 });
  render(<App store={store} api={api} />);
  await act(async () => {
    store.getState().select(REF);
    await store.getState().loadView(REF);
  });
  act(() => store.getState().openDialog({ kind: 'sign-tag', reference: REF }));
  return screen.findByRole('dialog', { name: `Sign tag — ${REF}` });
}

describe('Sign tag with a local image', () => {
  test('listed beside the registry’s tags; picked, pushed with its layers, then the registry’s digest is planned and signed', async () => {
    let finish: (v: unknown) => void = () => undefined;
    const main = fakeMain(
      (req, emit) =>
        new Promise((resolve) => {
          emit('engine:progress', { operationId: req.operationId, engine: 'unix:///var/run/docker.sock' });
          emit('engine:progress', { operationId: req.operationId, layer: { id: 'aaa111', status: 'Preparing' } });
          emit('engine:progress', {
            operationId: req.operationId,
            layer: { id: 'aaa111', status: 'Pushing', current: 50, total: 200 },
          });
          emit('engine:progress', { operationId: 'someone-else', layer: { id: 'zzz999', status: 'Pushed' } });
          finish = () => resolve({ gun: REF, tag: 'v2', digest: hex('c'), size: 528 });
        }),
    );
    const dlg = await open(main);
    const local = await within(dlg).findByRole('listbox', {
      name: 'Local images (Docker engine at unix:///var/run/docker.sock)',
    });
    await waitFor(() =>
      expect(
        within(local)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toEqual(['v1 — local; the registry has this tag too', 'v2 — local, not pushed yet']),
    );
    fireEvent.change(local, { target: { value: 'v2' } });
    expect((within(dlg).getByLabelText('Tag') as HTMLInputElement).value).toBe('v2');
    const push = within(dlg).getByRole('checkbox', { name: /Push the local image v2 first/ }) as HTMLInputElement;
    expect(push.checked).toBe(true);
    fireEvent.click(within(dlg).getByRole('button', { name: 'Push and continue' }));

    const layers = await within(dlg).findByRole('list', { name: 'Layers' });
    expect(
      within(layers)
        .getAllByRole('listitem')
        .map((l) => l.textContent),
    ).toEqual(['aaa111 Pushing']);
    expect(within(dlg).getByRole('progressbar', { name: 'Layer aaa111' }).getAttribute('value')).toBe('50');
    expect(main['engine:push']).toHaveBeenCalledWith({ operationId: expect.any(String), reference: `${REF}:v2` });
    await act(async () => finish(undefined));

    await within(dlg).findByText('Digest (registry)');
    expect(dlg.textContent).toContain(`Pushed from the Docker engine: v2: digest: sha256:${hex('c')} size: 528`);
    expect(main['trust:signingPlan']).toHaveBeenCalledWith({ reference: `${REF}:v2`, fresh: true });
    fireEvent.click(within(dlg).getByRole('button', { name: 'Stage signature' }));
    await waitFor(() =>
      expect(main['trust:sign']).toHaveBeenCalledWith({ reference: `${REF}:v2`, stageOnly: true, fresh: true }),
    );
  });

  test('a tag the registry has too is not pushed unless asked; Cancel stops a push and nothing is signed', async () => {
    const main = fakeMain(
      (req) =>
        new Promise((_, reject) => {
          main['engine:cancel'].mockImplementation(async () => {
            reject(new ApiError({ code: 'CANCELLED', message: `pushing ${REF}:v1 was cancelled; nothing was signed` }));
            return { cancelled: true };
          });
          void req;
        }),
    );
    const dlg = await open(main);
    const local = await within(dlg).findByRole('listbox', { name: /^Local images/ });
    await waitFor(() => expect(within(local).getAllByRole('option')).toHaveLength(2));
    fireEvent.change(local, { target: { value: 'v1' } });
    const push = within(dlg).getByRole('checkbox', { name: /Push the local image v1 first/ }) as HTMLInputElement;
    expect(push.checked).toBe(false);
    fireEvent.click(push);
    fireEvent.click(within(dlg).getByRole('button', { name: 'Push and continue' }));
    fireEvent.click(await within(dlg).findByRole('button', { name: 'Cancel push' }));
    expect(
      await within(dlg).findByText(`pushing ${REF}:v1 was cancelled; nothing was signed`, { exact: false }),
    ).toBeTruthy();
    expect(main['engine:cancel']).toHaveBeenCalledWith({ operationId: expect.any(String) });
    expect(main['trust:signingPlan']).not.toHaveBeenCalled();
    expect(main['trust:sign']).not.toHaveBeenCalled();
  });

  test('without an engine the list says why, and the registry’s tags are still offered', async () => {
    const main = fakeMain(async () => undefined);
    const dlg = await open(main, {
      'engine:localImages': async () => ({
        unavailable: 'no Docker engine is reachable at unix:///var/run/docker.sock (no such socket)',
      }),
    });
    expect((await within(dlg).findByText(/Local images cannot be listed/)).textContent).toContain(
      'no Docker engine is reachable at unix:///var/run/docker.sock (no such socket)',
    );
    expect(within(dlg).getByRole('listbox', { name: 'Tags in the registry' })).toBeTruthy();
    expect(within(dlg).queryByRole('checkbox', { name: /Push the local image/ })).toBeNull();
  });
});
