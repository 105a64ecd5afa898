import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  defaultTrustServer,
  isLoopbackDomain,
  parseImageReference,
  registryAddress,
} from '../../../core/registry/reference.js';
import { isSignetError } from '../../../core/errors.js';

// GUNs observed from docker trust inspect against a real server (protocol brief §10)
const cases: Array<[string, string, string | undefined]> = [
  ['alpine', 'docker.io/library/alpine', undefined],
  ['alpine:3', 'docker.io/library/alpine', '3'],
  ['docker.io/alpine', 'docker.io/library/alpine', undefined],
  ['index.docker.io/alpine', 'docker.io/library/alpine', undefined],
  ['user/repo', 'docker.io/user/repo', undefined],
  ['localhost/a', 'localhost/a', undefined],
  ['Upper/repo', 'Upper/repo', undefined],
  ['127.0.0.1:5000/example/trust-demo:v1', '127.0.0.1:5000/example/trust-demo', 'v1'],
  ['reg.example.com/a', 'reg.example.com/a', undefined],
  ['host:5000/a/b', 'host:5000/a/b', undefined],
  ['[::1]:5000/a:tag', '[::1]:5000/a', 'tag'],
];

for (const [input, gun, tag] of cases) {
  test(`${input} → ${gun}`, () => {
    const ref = parseImageReference(input);
    assert.equal(ref.gun, gun);
    assert.equal(ref.tag, tag);
    assert.equal(ref.input, input);
  });
}

test('registry path drops the domain (registry token scopes use it)', () => {
  assert.equal(parseImageReference('alpine').path, 'library/alpine');
  assert.equal(parseImageReference('127.0.0.1:5000/x/y').path, 'x/y');
});

test('digest references keep the digest', () => {
  const ref = parseImageReference(`example/app@sha256:${'a'.repeat(64)}`);
  assert.equal(ref.digest, `sha256:${'a'.repeat(64)}`);
  assert.equal(ref.gun, 'docker.io/example/app');
});

test('upper case in a repository path is refused with docker’s message', () => {
  assert.throws(
    () => parseImageReference('Host.example.com/A/b'),
    (e) =>
      isSignetError(e, 'BAD_REFERENCE') &&
      e.message === 'invalid reference format: repository name (A/b) must be lowercase',
  );
});

test('a bare 64-hex name, an empty name and bad tags are refused', () => {
  assert.throws(() => parseImageReference('a'.repeat(64)), /cannot specify 64-byte hexadecimal strings/);
  assert.throws(() => parseImageReference(''), /invalid reference format/);
  assert.throws(() => parseImageReference('example/app:bad tag'), /invalid reference format/);
  assert.throws(() => parseImageReference('example//app'), /invalid reference format/);
});

test('default trust servers follow docker', () => {
  assert.equal(defaultTrustServer('docker.io'), 'https://notary.docker.io');
  assert.equal(defaultTrustServer('reg.example.com:5000'), 'https://reg.example.com:5000');
});

test('loopback registries are recognised (docker treats them as insecure)', () => {
  assert.equal(isLoopbackDomain('127.0.0.1:5000'), true);
  assert.equal(isLoopbackDomain('localhost'), true);
  assert.equal(isLoopbackDomain('[::1]:5000'), true);
  assert.equal(isLoopbackDomain('docker.io'), false);
  assert.equal(isLoopbackDomain('127.0.0.1.example.com'), false);
});

test('a registry address typed alone is recognised; a Docker Hub name (with a tag) is not one', () => {
  for (const text of [
    '127.0.0.1:35000',
    'registry.example.com',
    'registry.example.com:5000',
    ' reg.example.com ',
    'localhost:5000',
    '[::1]:5000',
    'docker.io',
  ])
    assert.equal(registryAddress(text), text.trim(), text);
  // docker's reading stands: an image name, with a tag where there is a colon
  for (const text of [
    'alpine',
    'library/alpine',
    'user/app',
    'node:20',
    'ubuntu:22.04',
    'alpine:3',
    'localhost',
    'myhost:5000',
    'foo.bar:latest',
    '127.0.0.1:35000/team/app',
    'registry.example.com/app',
    'alpine@sha256:' + 'a'.repeat(64),
    '',
    'Not A Host',
  ])
    assert.equal(registryAddress(text), undefined, text);
});
