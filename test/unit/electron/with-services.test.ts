/**
 * One wrapper for every request of the main process (MainServices.withServices): handlers never
 * build or close a context themselves, and what a request reports is the same whatever it does:
 * its first step, then done or failed (reads of the view, history, tags), or nothing (raw metadata,
 * catalogs, pins), with the repository named. Through composeMain and dispatch, as the window calls.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { EventChannel, EventChannels } from '../../../electron/ipc/contract.js';
import { composeMain } from '../../../electron/main/compose.js';

const HANDLERS = join(import.meta.dirname, '../../../electron/main/handlers');

test('handlers open contexts and writers only through withServices / withWriter', () => {
  const offenders: string[] = [];
  for (const f of readdirSync(HANDLERS).filter((n) => n.endsWith('.ts'))) {
    const text = readFileSync(join(HANDLERS, f), 'utf8');
    for (const banned of ['nodeReadContext', 'nodeWriter', 'nodeTrustContext', '.context()', 'DockerConnector'])
      if (text.includes(banned)) offenders.push(`${f}: ${banned}`);
  }
  assert.deepEqual(offenders, []);
});

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

test('progress: first step, then failed for the view, history and tags; none for raw metadata', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'signet-with-services-'));
  try {
    const port = await closedPort();
    const events: Array<EventChannels[EventChannel]> = [];
    const { dispatch } = composeMain({
      env: {
        HOME: dir,
        DOCKER_CONFIG: join(dir, 'docker'),
        SIGNET_DATA_DIR: join(dir, 'data'),
        SIGNET_CONFIG: join(dir, 'signet.json'),
        DOCKER_CONTENT_TRUST_SERVER: `https://127.0.0.1:${port}`,
      },
      userDataDir: join(dir, 'user'),
      shell: 'harness',
      appVersion: 'test',
      log: () => undefined,
      emit: (event, payload) => void (event === 'progress' && events.push(payload)),
    });
    const gun = `127.0.0.1:${port}/team/app`;
    const steps = async (channel: string, args: unknown[]) => {
      events.length = 0;
      const r = await dispatch(channel as never, args as never);
      assert.equal(r.ok, false, `${channel} cannot reach anything here`);
      return events.map((e) => {
        const p = e as EventChannels['progress'];
        return [p.channel, p.step, p.gun];
      });
    };
    assert.deepEqual(await steps('trust:view', [gun]), [
      ['trust:view', 'fetching', gun],
      ['trust:view', 'failed', gun],
    ]);
    assert.deepEqual(await steps('history:read', [{ reference: gun }]), [
      ['history:read', 'fetching', gun],
      ['history:read', 'failed', gun],
    ]);
    assert.deepEqual(await steps('registry:tags', [gun]), [
      ['registry:tags', 'resolving', gun],
      ['registry:tags', 'failed', gun],
    ]);
    assert.deepEqual(await steps('trust:rawMetadata', [gun]), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a refresh's handed-over cache writes run one after another, a failed one warned about, then settled", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'signet-write-behind-'));
  try {
    const { services } = composeMain({
      env: { HOME: dir, DOCKER_CONFIG: join(dir, 'docker'), SIGNET_DATA_DIR: join(dir, 'data') },
      userDataDir: join(dir, 'user'),
      shell: 'harness',
      appVersion: 'test',
      log: () => undefined,
      emit: () => undefined,
    });
    const order: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    services.writeBehind(async () => {
      order.push('first starts');
      await gate;
      order.push('first ends');
    });
    services.writeBehind(async () => {
      order.push('second starts');
      throw new Error('disk full');
    });
    services.writeBehind(async () => void order.push('third'));
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(order, ['first starts'], 'the second waits for the first');
    release();
    await services.writesSettled();
    assert.deepEqual(order, ['first starts', 'first ends', 'second starts', 'third']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
