/**
 * A trust view built by core from a repository made in code (verified at TEST_NOW), for the
 * renderer spec that checks the app's expiry badges against the trust policy. It runs in Node (the
 * repository is signed with node:crypto), so the jsdom spec loads it at run time.
 */
import { MemoryMetadataCache } from '../../core/notary/metadata-cache.js';
import { updateRepository } from '../../core/notary/tuf-client.js';
import { nodeCrypto } from '../../core/node/node-crypto.js';
import { buildTrustView } from '../../core/trust/view.js';
import type { TrustView } from '../../core/trust/view-types.js';
import { formatExpires } from '../../core/tuf/expires.js';
import { FixtureRemote } from './fixture-remote.js';
import { RepoBuilder, TEST_NOW } from './repo-builder.js';

const DAY = 86_400_000;
export const daysAfter = (days: number): Date => new Date(TEST_NOW.getTime() + days * DAY);

/**
 * registry.example.com:5000/team/app: alice's delegation expires 20 days after TEST_NOW, bob's
 * after 60, the snapshot (its key held by the server) after 25, the timestamp after 14; alice's
 * key is held here. The view is built at `viewNow`.
 */
export async function policyView(viewNow: Date): Promise<TrustView> {
  const b = new RepoBuilder('registry.example.com:5000/team/app');
  const [alice] = b.addDelegation('targets/alice');
  b.addDelegation('targets/bob');
  b.addDelegation('targets/releases', { keys: [alice!] });
  b.addTarget('targets/releases', 'v1', 'm1')
    .addTarget('targets/alice', 'v1', 'm1')
    .addTarget('targets/bob', 'v2', 'm2');
  b.delegations.get('targets/alice')!.expires = formatExpires(daysAfter(20));
  b.delegations.get('targets/bob')!.expires = formatExpires(daysAfter(60));
  b.snapshotExpires = daysAfter(25);
  const repo = await updateRepository({
    gun: b.gun,
    remote: new FixtureRemote(b.gun, b.build()),
    cache: new MemoryMetadataCache(),
    crypto: nodeCrypto,
    now: TEST_NOW,
  });
  return buildTrustView(repo, {
    name: b.gun,
    crypto: nodeCrypto,
    localKeyIds: new Set([alice!.id]),
    serverKeyIds: new Set([b.keys.snapshot.id, b.keys.timestamp.id]),
    now: viewNow,
  });
}
