import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  isDelegationRole,
  parentOf,
  pathAllowed,
  restrictPaths,
  validDelegationName,
  walkOrder,
} from '../../../core/tuf/delegations.js';
import { formatExpires, parseExpires } from '../../../core/tuf/expires.js';
import { parseSignedFile } from '../../../core/tuf/parse.js';
import type { TargetsSigned } from '../../../core/tuf/types.js';

const DIR = join(import.meta.dirname, '../../fixtures/golden/b-signers/metadata');
const rawOf = (role: string) => new Uint8Array(readFileSync(join(DIR, `${role}.json`)));
const docOf = (role: string) => JSON.parse(readFileSync(join(DIR, `${role}.json`), 'utf8'));
const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

/** Parses `role`'s golden file after `edit` changes its JSON document. */
function parseEdited(role: string, edit: (doc: any) => void, as = role) {
  const doc = docOf(role);
  edit(doc);
  return parseSignedFile(as, bytes(doc));
}

const malformed = (fn: () => unknown, message: RegExp) => assert.throws(fn, { code: 'TUF_MALFORMED', message });

describe('parseSignedFile', () => {
  it('parses every golden role and keeps the raw bytes and signed object', () => {
    const raw = rawOf('targets');
    const f = parseSignedFile('targets', raw);
    assert.equal(f.role, 'targets');
    assert.equal(f.raw, raw);
    assert.equal(f.signedValue, f.signed);
    const t = f.signed as TargetsSigned;
    assert.deepEqual(
      t.delegations.roles!.map((r) => r.name),
      ['targets/alice', 'targets/releases', 'targets/bob'],
    );
    assert.equal(f.signatures.length, 1);
    assert.equal(f.signatures[0]!.keyid, 'cddee04cf5ce4f22e996059c6af7e8063e98032caf93957dd17ab495f49f3e77');
    for (const r of ['root', 'snapshot', 'timestamp', 'targets/alice', 'targets/releases'])
      parseSignedFile(r, rawOf(r));
  });

  it('lower-cases signature methods', () => {
    const f = parseEdited('targets', (d) => (d.signatures[0].method = 'ECDSA'));
    assert.equal(f.signatures[0]!.method, 'ecdsa');
  });

  it('rejects a file of the wrong type with TUF_WRONG_TYPE', () => {
    assert.throws(() => parseSignedFile('targets', rawOf('root')), {
      code: 'TUF_WRONG_TYPE',
      message: 'targets.json has _type "Root", expected "Targets"',
    });
    assert.throws(() => parseSignedFile('targets/releases', rawOf('snapshot')), {
      code: 'TUF_WRONG_TYPE',
      message: 'targets/releases.json has _type "Snapshot", expected "Targets"',
    });
    assert.throws(() => parseEdited('timestamp', (d) => (d.signed._type = 'timestamp')), { code: 'TUF_WRONG_TYPE' });
  });

  it('rejects bad UTF-8, bad JSON and a bad envelope', () => {
    malformed(() => parseSignedFile('root', new Uint8Array([0x7b, 0xff, 0x7d])), /^root\.json: not valid UTF-8 JSON/);
    malformed(() => parseSignedFile('root', bytes('x').subarray(1)), /^root\.json: not valid UTF-8 JSON/);
    malformed(() => parseSignedFile('root', bytes([])), /root\.json: file must be an object/);
    malformed(() => parseEdited('root', (d) => delete d.signatures), /root\.json: signatures must be an array/);
    malformed(
      () => parseEdited('root', (d) => (d.signatures[0].sig = 'not base64!')),
      /signatures\[0\]\.sig must be standard base64/,
    );
    malformed(() => parseSignedFile('mirror', rawOf('root')), /unknown role name "mirror"/);
  });

  it('checks version and expires', () => {
    malformed(
      () => parseEdited('root', (d) => (d.signed.version = 0)),
      /root\.json: signed\.version must be an integer >= 1/,
    );
    malformed(() => parseEdited('root', (d) => (d.signed.version = 1.5)), /signed\.version/);
    malformed(() => parseEdited('root', (d) => (d.signed.version = '2')), /signed\.version/);
    malformed(
      () => parseEdited('timestamp', (d) => delete d.signed.expires),
      /timestamp\.json: signed\.expires must be a string/,
    );
    malformed(
      () => parseEdited('timestamp', (d) => (d.signed.expires = '2026-12-11')),
      /signed\.expires is not an RFC3339 time/,
    );
  });

  it('checks root keys and roles', () => {
    malformed(
      () => parseEdited('root', (d) => delete d.signed.roles.snapshot),
      /signed\.roles\.snapshot must be an object/,
    );
    malformed(
      () => parseEdited('root', (d) => (d.signed.roles.targets.threshold = 0)),
      /signed\.roles\.targets\.threshold must be an integer >= 1/,
    );
    malformed(
      () => parseEdited('root', (d) => d.signed.roles.root.keyids.push('00ff')),
      /lists key 00ff that is not in keys/,
    );
    malformed(
      () => parseEdited('root', (d) => delete Object.values<any>(d.signed.keys)[0].keyval.public),
      /keyval\.public must be a string/,
    );
    malformed(
      () => parseEdited('root', (d) => (Object.values<any>(d.signed.keys)[0].keyval.private = 'AA==')),
      /keyval\.private must be null/,
    );
    malformed(
      () => parseEdited('root', (d) => (d.signed.consistent_snapshot = 'false')),
      /consistent_snapshot must be a boolean/,
    );
  });

  it('checks targets, FileMeta and delegations', () => {
    malformed(
      () => parseEdited('targets/releases', (d) => (d.signed.targets.v1.hashes = {})),
      /signed\.targets\["v1"\]\.hashes must list at least one hash/,
    );
    malformed(
      () => parseEdited('targets/releases', (d) => (d.signed.targets.v1.length = -1)),
      /signed\.targets\["v1"\]\.length must be an integer >= 0/,
    );
    malformed(
      () => parseEdited('targets/releases', (d) => (d.signed.targets.v1.hashes.sha256 = 'AAAA')),
      /hashes\.sha256 must be 32 bytes/,
    );
    malformed(
      () => parseEdited('targets', (d) => delete d.signed.delegations),
      /signed\.delegations must be an object/,
    );
    malformed(
      () => parseEdited('targets', (d) => (d.signed.delegations.roles[0].name = 'targets/Alice')),
      /"targets\/Alice" is not a valid child delegation of targets/,
    );
    malformed(
      () => parseEdited('targets', (d) => (d.signed.delegations.roles[0].name = 'targets/a/b')),
      /not a valid child delegation/,
    );
    malformed(
      () => parseEdited('targets', (d) => (d.signed.delegations.roles[0].paths = [1])),
      /roles\[0\]\.paths\[0\] must be a string/,
    );
    const nullRoles = parseEdited('targets', (d) => (d.signed.delegations.roles = null)).signed as TargetsSigned;
    assert.equal(nullRoles.delegations.roles, null);
    const noPaths = parseEdited('targets', (d) => delete d.signed.delegations.roles[0].paths).signed as TargetsSigned;
    assert.equal(noPaths.delegations.roles![0]!.paths, undefined);
    const unknownHash = parseEdited('targets/releases', (d) => (d.signed.targets.v1.hashes.blake3 = 'AA=='));
    assert.ok(unknownHash);
  });

  it('accepts a delegation with "keyids": null (docker trust signer remove took the last key out of releases)', () => {
    const f = parseEdited('targets', (d) => (d.signed.delegations.roles[0].keyids = null));
    assert.deepEqual((f.signed as TargetsSigned).delegations.roles![0]!.keyids, [], 'typed: no keys');
    assert.equal((f.signedValue as any).delegations.roles[0].keyids, null, 'what was signed is left as received');
    malformed(
      () => parseEdited('root', (d) => (d.signed.roles.targets.keyids = null)),
      /roles\.targets\.keyids must be an array/,
    );
  });

  it('checks snapshot and timestamp meta', () => {
    malformed(
      () => parseEdited('snapshot', (d) => delete d.signed.meta.targets),
      /snapshot\.json: signed\.meta has no "targets" entry/,
    );
    malformed(() => parseEdited('timestamp', (d) => (d.signed.meta = {})), /signed\.meta has no "snapshot" entry/);
    malformed(
      () => parseEdited('timestamp', (d) => (d.signed.meta.snapshot.hashes.sha512 = 'AA==')),
      /sha512 must be 64 bytes/,
    );
  });
});

describe('expires', () => {
  it('parses RFC3339 with 0–9 fraction digits and any offset', () => {
    assert.equal(parseExpires('2029-11-26T00:38:10.19390962Z').toISOString(), '2029-11-26T00:38:10.193Z');
    assert.equal(parseExpires('2026-12-11T00:38:19Z').toISOString(), '2026-12-11T00:38:19.000Z');
    assert.equal(parseExpires('2016-03-08T13:52:08.41836542-05:00').toISOString(), '2016-03-08T18:52:08.418Z');
    assert.equal(parseExpires('2026-11-27T01:00:00.5+05:30').toISOString(), '2026-11-26T19:30:00.500Z');
    assert.equal(parseExpires('2024-02-29T23:59:59.999999999Z').toISOString(), '2024-02-29T23:59:59.999Z');
  });

  it('rejects anything else with TUF_MALFORMED', () => {
    const bad = [
      '',
      '2026-11-27',
      '2026-11-27 01:00:00Z',
      '2026-11-27T01:00:00',
      '2026-11-27T01:00:00.Z',
      '2026-11-27T01:00:00.1234567890Z',
      '2026-02-29T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-11-27T24:00:00Z',
      '2026-11-27T01:00:60Z',
      '2026-11-27T01:00:00+0100',
      '2026-11-27t01:00:00z',
      '2026-11-27T01:00:00+24:00',
    ];
    for (const s of bad) assert.throws(() => parseExpires(s), { code: 'TUF_MALFORMED' }, s);
  });

  it('formats Go RFC3339Nano UTC with whole seconds', () => {
    assert.equal(formatExpires(new Date('2029-11-26T00:38:10.999Z')), '2029-11-26T00:38:10Z');
    assert.equal(formatExpires(parseExpires('2016-03-08T13:52:08.41836542-05:00')), '2016-03-08T18:52:08Z');
    assert.equal(formatExpires(new Date(Date.UTC(1905, 0, 1))), '1905-01-01T00:00:00Z');
    const y5 = new Date(0);
    y5.setUTCFullYear(5, 0, 2);
    assert.equal(formatExpires(y5), '0005-01-02T00:00:00Z');
    assert.throws(() => formatExpires(new Date(NaN)), { code: 'BAD_INPUT' });
    assert.throws(() => formatExpires(new Date('+010000-01-01T00:00:00Z')), { code: 'BAD_INPUT' });
  });
});

describe('delegation helpers', () => {
  it('names and parents', () => {
    assert.equal(isDelegationRole('targets/releases'), true);
    assert.equal(isDelegationRole('targets'), false);
    assert.equal(parentOf('targets/a/b'), 'targets/a');
    assert.equal(parentOf('targets/a'), 'targets');
    assert.equal(parentOf('snapshot'), undefined);
    for (const ok of ['targets/releases', 'targets/a-b_c/d9']) assert.equal(validDelegationName(ok), true, ok);
    for (const bad of [
      'targets',
      'targets/',
      'targets/A',
      'targets/a//b',
      'targets/a/',
      'targets/a.b',
      'root/x',
      `targets/${'a'.repeat(248)}`,
    ]) {
      assert.equal(validDelegationName(bad), false, bad);
    }
    assert.equal(validDelegationName(`targets/${'a'.repeat(247)}`), true);
    assert.equal(validDelegationName('targets/a/b', 'targets/a'), true);
    assert.equal(validDelegationName('targets/a/b', 'targets'), false);
  });

  it('paths are prefixes; none allows nothing; [""] allows all', () => {
    assert.equal(pathAllowed('v1', ['']), true);
    assert.equal(pathAllowed('v1', undefined), false);
    assert.equal(pathAllowed('v1', []), false);
    assert.equal(pathAllowed('release/v1', ['dev/', 'release/']), true);
    assert.equal(pathAllowed('releases', ['release/']), false);
    assert.deepEqual(restrictPaths(['a/b', 'c', ''], ['a/']), ['a/b']);
    assert.deepEqual(restrictPaths(['a/b', 'c'], ['']), ['a/b', 'c']);
    assert.deepEqual(restrictPaths(['x'], undefined), ['x']);
  });

  it('walks pre-order, children in list order, each role once', () => {
    const tree: Record<string, string[]> = {
      targets: ['targets/bob', 'targets/releases', 'targets/alice'],
      'targets/bob': ['targets/bob/ci', 'targets/releases'],
    };
    assert.deepEqual(
      walkOrder('targets', (r) => tree[r]),
      ['targets', 'targets/bob', 'targets/bob/ci', 'targets/releases', 'targets/alice'],
    );
  });
});
