import { describe, expect, test } from 'vitest';
import {
  formatDate,
  formatSize,
  naturalSortBy,
  relativeTime,
  roleToSigner,
  signersText,
  truncateId,
} from '../../renderer/lib/format.ts';
import { explain, isNotSigned } from '../../renderer/lib/explain.ts';
import { gunOf, registryOf, tagError } from '../../renderer/lib/reference.ts';
import { expiryItems, repoStatus, repositoryEntries } from '../../renderer/lib/derive.ts';
import { iso, makeView, NOW_MS } from './fixtures.tsx';

describe('docker display rules', () => {
  test('key IDs and digests are truncated to 12 characters, without an algo: prefix', () => {
    expect(truncateId('3bd9b97dba420dbfceb8a3aab98667ab0edde39ebd3150cbbfc1c7a7ab7e1029')).toBe('3bd9b97dba42');
    expect(truncateId('sha256:989511ddb83bc06df6dd')).toBe('989511ddb83b');
  });
  test('signers are sorted and joined; none means Repo Admin', () => {
    expect(signersText(['bob', 'alice'])).toBe('alice, bob');
    expect(signersText([])).toBe('Repo Admin');
    expect(roleToSigner('targets/releases')).toBe('Repo Admin');
    expect(roleToSigner('targets/alice')).toBe('alice');
  });
  test('tags sort naturally, as docker sorts them', () => {
    expect(naturalSortBy(['v10', 'v2', 'v1', 'latest', 'v01'], (x) => x)).toEqual(['latest', 'v1', 'v01', 'v2', 'v10']);
  });
  test('registry and GUN of a reference: core’s parse (docker’s rules)', () => {
    expect(registryOf('127.0.0.1:5000/example/app')).toBe('127.0.0.1:5000');
    expect(registryOf('example/app')).toBe('docker.io');
    expect(registryOf('localhost/app')).toBe('localhost');
    expect(registryOf('index.docker.io/example/app')).toBe('docker.io');
    // docker: a first component with an upper-case letter is a registry host
    expect(registryOf('Team/app')).toBe('Team');
    expect(registryOf('not an image')).toBeUndefined();
    expect(gunOf('alpine:3')).toBe('docker.io/library/alpine');
    expect(gunOf('Bad Name')).toBe('Bad Name');
  });
  test('tags: core’s rule, with the tag named in the error', () => {
    expect(tagError('docker.io/example/app', 'v1.0_rc-2')).toBeNull();
    expect(tagError('docker.io/example/app', 'x'.repeat(128))).toBeNull();
    expect(tagError('docker.io/example/app', 'x'.repeat(129))?.message).toBe(
      `"${'x'.repeat(129)}" is not a valid tag (invalid reference format)`,
    );
    for (const bad of ['-v1', '.v1', 'v 1', 'a/b', 'v1@sha256:' + 'a'.repeat(64), ''])
      expect(tagError('docker.io/example/app', bad)?.code).toBe('BAD_REFERENCE');
  });
  test('sizes and relative times', () => {
    expect(formatSize(99)).toBe('99 B');
    expect(formatSize(2048)).toBe('2.0 KiB');
    expect(relativeTime(iso(3), NOW_MS)).toBe('in 3 days');
    expect(relativeTime(iso(-2), NOW_MS)).toBe('2 days ago');
    // against the clock given, not the wall clock
    expect(relativeTime('2030-01-11T00:00:00Z', Date.parse('2030-01-01T00:00:00Z'))).toBe('in 10 days');
    expect(relativeTime('2030-01-01T00:00:00.123456789Z', Date.parse('2030-01-01T02:00:00Z'))).toBe('2 hours ago');
    expect(relativeTime('not a date', NOW_MS)).toBe('');
  });
  test('dates: RFC 3339 as TUF writes it (any fraction, any offset), shown in UTC', () => {
    expect(formatDate('2026-11-27T14:03:09.123456789Z')).toBe('2026-11-27 14:03 UTC');
    expect(formatDate('2026-11-27T09:03:09-05:00')).toBe('2026-11-27 14:03 UTC');
    expect(formatDate('yesterday')).toBe('yesterday');
    expect(formatDate(undefined)).toBe('');
  });
});

describe('expiry', () => {
  test('expiry items carry core’s states: a server-renewed timestamp within 30 days is no warning; an expired delegation is', () => {
    const items = expiryItems('r', makeView());
    expect(items.find((i) => i.what === 'timestamp')).toMatchObject({ state: 'ok', renewedByServer: true });
    expect(items.find((i) => i.what === 'targets/bob')?.state).toBe('expired');
    expect(items.find((i) => i.what === 'targets/alice')?.state).toBe('expiring');
    expect(items.find((i) => i.kind === 'certificate')?.state).toBe('ok');
    // the renderer recomputes nothing: a state core sent is the state shown, whatever the date says
    const view = makeView();
    const shifted = {
      ...view,
      roles: view.roles.map((r) => (r.role === 'root' ? { ...r, state: 'expiring' as const } : r)),
    };
    expect(expiryItems('r', shifted).find((i) => i.what === 'root')?.state).toBe('expiring');
  });
  test('a repository on Docker Hub’s notary: the stop is an item, expiring within the warning window, expired after', () => {
    const hub = (daysLeft: number, stopped = false) =>
      expiryItems('r', makeView({ hubNotary: { stops: '2026-12-08', daysLeft, stopped } })).find(
        (i) => i.kind === 'notary',
      );
    expect(hub(1)).toMatchObject({
      what: 'Docker Hub’s notary stops',
      expires: '2026-12-08T00:00:00Z',
      state: 'expiring',
    });
    expect(hub(45)?.state).toBe('ok');
    expect(hub(0, true)?.state).toBe('expired');
    expect(expiryItems('r', makeView()).some((i) => i.kind === 'notary')).toBe(false);
    const fresh = makeView({
      signers: [],
      roles: makeView().roles.filter((r) => !r.role.startsWith('targets/')),
      hubNotary: { stops: '2026-12-08', daysLeft: 1, stopped: false },
    });
    expect(repoStatus({ status: 'ready', view: fresh })).toBe('expiring');
  });
  test('repository status badge', () => {
    expect(repoStatus(undefined)).toBe('unknown');
    expect(repoStatus({ status: 'loading' })).toBe('loading');
    expect(repoStatus({ status: 'error', error: { code: 'NOTARY_NOT_INITIALIZED', message: '' } })).toBe('unsigned');
    expect(repoStatus({ status: 'error', error: { code: 'HTTP_TLS', message: '' } })).toBe('error');
    expect(repoStatus({ status: 'ready', view: makeView() })).toBe('expired');
    const fresh = makeView({ signers: [], roles: makeView().roles.filter((r) => !r.role.startsWith('targets/')) });
    expect(repoStatus({ status: 'ready', view: fresh })).toBe('signed');
    expect(repoStatus({ status: 'ready', view: { ...fresh, signedTags: [] } })).toBe('unsigned');
  });
});

describe('errors in plain language', () => {
  test('every transport, TUF and notary code has a sentence', () => {
    for (const code of [
      'HTTP_UNREACHABLE',
      'HTTP_TLS',
      'HTTP_UNAUTHORIZED',
      'HTTP_FORBIDDEN',
      'TUF_EXPIRED',
      'TUF_BAD_SIGNATURE',
      'TUF_ROLLBACK',
      'NOTARY_NOT_INITIALIZED',
    ] as const) {
      expect(explain({ code }).title).not.toBe('Something went wrong');
    }
    expect(isNotSigned('NOTARY_NOT_INITIALIZED')).toBe(true);
    expect(isNotSigned('HTTP_UNREACHABLE')).toBe(false);
  });
});

describe('sidebar entries', () => {
  test('watched first, then discovered and key GUNs, without duplicates', () => {
    const entries = repositoryEntries(
      [{ reference: 'example/app', gun: 'docker.io/example/app', registry: 'docker.io' }],
      [
        { gun: 'docker.io/example/app', registry: 'docker.io', source: 'cache' },
        { gun: 'r:5000/x/y', registry: 'r:5000', source: 'cache' },
      ],
      [
        {
          id: 'k',
          role: 'targets',
          gun: 'r:5000/z',
          location: 'keychain',
          where: '',
          passphraseRemembered: false,
          backedUp: false,
        },
        // a notary-only GUN is not an image repository (main's discovery skips it too)
        {
          id: 'n',
          role: 'targets',
          gun: 'not an image',
          location: 'keychain',
          where: '',
          passphraseRemembered: false,
          backedUp: false,
        },
      ],
    );
    expect(entries.map((e) => [e.reference, e.origin])).toEqual([
      ['example/app', 'watched'],
      ['r:5000/x/y', 'cache'],
      ['r:5000/z', 'keys'],
    ]);
  });
});
