/**
 * Keys for cosign against the REAL cosign 2.5, registry, notary-server and docker CLI:
 *  (1) a DCT signer's key exported with `signet key export --format cosign` is read by
 *      `cosign public-key`, signs with `cosign sign --key` and the signature passes `cosign verify`
 *      with PREFIX.pub and with the signer's docker .pub (and fails with another key);
 *  (2) a `cosign generate-key-pair` key imported with `signet key import` becomes a DCT signer:
 *      `signet signer add` + `signet sign`, and `docker trust inspect` shows the tag signed by it.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decryptPrivateKey, parsePublicKeyPem } from '../../core/crypto/key-file.js';
import { keyId } from '../../core/crypto/key-id.js';
import { nobleCrypto } from '../../core/crypto/noble-provider.js';
import { ok, REPO_PASSPHRASE, run, type Identity, type RunResult } from '../helpers/identity.js';
import { dockerTrustInspect, newRepoBySigner, newIdentity, push, resolveGun, viewer } from '../helpers/scenarios.js';
import { signet, type CliResult } from '../helpers/signet-cli.js';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.stop();
});

const INSECURE = ['--allow-http-registry', '--allow-insecure-registry'];
const mode = (path: string): number => statSync(path).mode & 0o777;

function must(r: CliResult, what: string): CliResult {
  assert.equal(r.code, 0, `${what} failed (rc=${r.code})\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}

/** The real cosign in an identity's environment (its DOCKER_CONFIG, HOME in the stack's dir). */
function cosign(id: Identity, args: string[], env: Record<string, string> = {}, cwd?: string): Promise<RunResult> {
  const home = join(id.dockerConfig, '..');
  return run('cosign', args, { ...id.env, HOME: home, ...env }, { ...(cwd ? { cwd } : {}), timeoutMs: 60_000 });
}

/** A fresh directory in the identity's home. */
function dirIn(id: Identity, name: string): string {
  const dir = join(id.dockerConfig, '..', name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe('(1) key export --format cosign: a DCT signer key, used by the real cosign', () => {
  it('cosign public-key reads PREFIX.key; cosign sign signs with it; cosign verify passes with PREFIX.pub', async () => {
    const s = await newRepoBySigner(stack, 'cosign/exported');
    const alice = s.identities.alice!;
    const aliceId = s.signers[0]!.keyIds[0]!;
    const v1 = s.tags.v1!;
    const out = dirIn(alice, 'cosign-out');
    const prefix = join(out, 'alice');
    const pw = { COSIGN_PASSWORD: 'alice cosign password' };

    const t0 = performance.now();
    const e = must(
      await signet(alice, ['key', 'export', aliceId.slice(0, 10), '--format', 'cosign', '-o', prefix], pw),
      'export',
    );
    const exportMs = performance.now() - t0;
    assert.equal(e.stdout, `Private key written to ${prefix}.key\nPublic key written to ${prefix}.pub\n`);
    assert.deepEqual(readdirSync(out).sort(), ['alice.key', 'alice.pub'], 'no temp files left');
    assert.equal(mode(`${prefix}.key`), 0o600);
    assert.equal(mode(`${prefix}.pub`), 0o600);
    const pub = readFileSync(`${prefix}.pub`, 'utf8');
    // the very key docker trust inspect lists for alice
    assert.equal(keyId(parsePublicKeyPem(pub, new Date()), nobleCrypto), aliceId);

    const read = ok(await cosign(alice, ['public-key', '--key', `${prefix}.key`], pw), 'cosign public-key');
    assert.equal(read.stdout, pub);
    const wrongPw = await cosign(alice, ['public-key', '--key', `${prefix}.key`], { COSIGN_PASSWORD: 'nope' });
    assert.notEqual(wrongPw.code, 0, 'cosign refuses the wrong password');

    const ref = `${s.gun}@${v1.digest}`;
    ok(
      await cosign(alice, ['sign', '--key', `${prefix}.key`, '--tlog-upload=false', '--yes', ...INSECURE, ref], pw),
      'cosign sign',
    );
    const verify = (key: string) =>
      cosign(alice, ['verify', '--key', key, '--insecure-ignore-tlog=true', ...INSECURE, ref]);
    const verified = ok(await verify(`${prefix}.pub`), 'cosign verify with PREFIX.pub');
    assert.equal(JSON.parse(verified.stdout)[0].critical.image['docker-manifest-digest'], v1.digest);
    // docker's own alice.pub (with its role: header) is the same key to cosign
    ok(await verify(join(alice.dockerConfig, 'keys', 'alice.pub')), "cosign verify with docker's alice.pub");

    // another key does not verify it (exit 12 in cosign 2.5: no matching signatures)
    const other = dirIn(alice, 'other');
    ok(await cosign(alice, ['generate-key-pair'], pw, other), 'cosign generate-key-pair');
    const refused = await verify(join(other, 'cosign.pub'));
    assert.notEqual(refused.code, 0, 'a signature by another key is refused');
    assert.match(refused.stderr, /no matching signatures/);
    console.log(`# key export --format cosign: ${exportMs.toFixed(0)} ms (scrypt N=2^16 included)`);
  });

  it('never overwrites: refused before any passphrase is asked when PREFIX.key or PREFIX.pub exists', async () => {
    const s = await newRepoBySigner(stack, 'cosign/no-overwrite');
    const alice = s.identities.alice!;
    const aliceId = s.signers[0]!.keyIds[0]!;
    const out = dirIn(alice, 'cosign-twice');
    const prefix = join(out, 'k');
    const pw = { COSIGN_PASSWORD: 'pw-one' };
    must(await signet(alice, ['key', 'export', aliceId, '--format', 'cosign', '--output', prefix], pw), 'first export');
    const before = readFileSync(`${prefix}.key`, 'utf8');
    // no passphrase can be given: a refusal that came after asking would say so instead
    const none = { COSIGN_PASSWORD: 'pw-two', DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE: undefined };
    const again = await signet(alice, ['key', 'export', aliceId, '--format', 'cosign', '--output', prefix], none);
    assert.equal(again.code, 1);
    assert.match(again.stderr, new RegExp(`refusing to overwrite ${prefix}\\.key`));
    assert.equal(readFileSync(`${prefix}.key`, 'utf8'), before);

    const halfPrefix = join(out, 'only-pub');
    must(await signet(alice, ['key', 'export', aliceId, '--format', 'cosign', '-o', halfPrefix], pw), 'export');
    // leave only the .pub: the .key is not written either
    rmSync(`${halfPrefix}.key`);
    const half = await signet(alice, ['key', 'export', aliceId, '--format', 'cosign', '-o', halfPrefix], pw);
    assert.equal(half.code, 1);
    assert.match(half.stderr, /refusing to overwrite .*only-pub\.pub/);
    assert.ok(!existsSync(`${halfPrefix}.key`));

    const bad = await signet(alice, ['key', 'export', aliceId, '--format', 'cosign', '-o', `${prefix}.key`], pw);
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stderr, /--output takes a prefix/);
  });
});

describe('(2) key import of a cosign.key: a cosign key becomes a DCT signer', () => {
  it('imported under a new passphrase, added with signet signer add, signs with signet sign; docker shows it', async () => {
    const { gun, repo } = resolveGun(stack, 'cosign/imported');
    const img = await push(stack, repo, 'v1');
    const admin = newIdentity(stack, 'admin');
    const ci = newIdentity(stack, 'ci');
    const keys = dirIn(ci, 'cosign-keys');
    const pw = { COSIGN_PASSWORD: 'ci cosign password' };
    ok(await cosign(ci, ['generate-key-pair', '--output-key-prefix', 'ci'], pw, keys), 'cosign generate-key-pair');
    const pub = readFileSync(join(keys, 'ci.pub'), 'utf8');
    const ciId = keyId(parsePublicKeyPem(pub, new Date()), nobleCrypto);

    // the wrong cosign password: refused, nothing stored
    const wrong = await signet(ci, ['key', 'import', join(keys, 'ci.key'), '--role', 'ci'], { COSIGN_PASSWORD: 'no' });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /wrong password for the cosign private key \(from COSIGN_PASSWORD\)/);
    assert.ok(!existsSync(join(ci.trustDir, 'private', `${ciId}.key`)));

    const imported = must(await signet(ci, ['key', 'import', join(keys, 'ci.key'), '--role', 'ci'], pw), 'import');
    assert.equal(imported.stdout, `Imported key ${ciId} (role ci) into the trust dir\n`);
    // stored as notary stores keys: encrypted under the repository passphrase, role header ci
    const stored = readFileSync(join(ci.trustDir, 'private', `${ciId}.key`), 'utf8');
    assert.match(stored, /^-----BEGIN ENCRYPTED PRIVATE KEY-----\nrole: ci\n\n/);
    assert.equal(decryptPrivateKey(stored, REPO_PASSPHRASE).key.canonicalId, ciId);
    // and notary itself lists it
    assert.match(ok(await ci.notary(['key', 'list']), 'notary key list').stdout, new RegExp(`ci\\s+${ciId}`));

    must(await signet(admin, ['signer', 'add', '--key', join(keys, 'ci.pub'), 'ci', gun]), 'signet signer add ci');
    must(await signet(ci, ['sign', `${gun}:v1`]), 'signet sign as ci');

    const { result, json } = await dockerTrustInspect(viewer(stack), [gun]);
    ok(result, 'docker trust inspect');
    assert.deepEqual(json[0]!.SignedTags, [{ SignedTag: 'v1', Digest: img.hex, Signers: ['ci'] }]);
    assert.deepEqual(json[0]!.Signers, [{ Name: 'ci', Keys: [{ ID: ciId }] }]);
  });

  it('key load --name NAME takes a cosign.key too, in docker trust key load words', async () => {
    const ci = newIdentity(stack, 'ci-load');
    const keys = dirIn(ci, 'cosign-keys');
    const pw = { COSIGN_PASSWORD: 'load me' };
    ok(await cosign(ci, ['generate-key-pair'], pw, keys), 'cosign generate-key-pair');
    const file = join(keys, 'cosign.key');
    const ciId = keyId(parsePublicKeyPem(readFileSync(join(keys, 'cosign.pub'), 'utf8'), new Date()), nobleCrypto);
    const wrong = await signet(ci, ['key', 'load', '--name', 'builder', file], { COSIGN_PASSWORD: 'not it' });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, new RegExp(`cannot load key from provided file ${file}: could not decrypt key`));
    const r = must(await signet(ci, ['key', 'load', '--name', 'builder', file], pw), 'key load');
    assert.equal(r.stdout, `Loading key from "${file}"...\nSuccessfully imported key from ${file}\n`);
    const stored = readFileSync(join(ci.trustDir, 'private', `${ciId}.key`), 'utf8');
    assert.match(stored, /^-----BEGIN ENCRYPTED PRIVATE KEY-----\nrole: builder\n\n/);
  });

  it('an Ed25519 cosign key is refused with what to use instead', async () => {
    const ci = newIdentity(stack, 'ci-ed');
    const file = join(import.meta.dirname, '../fixtures/cosign/ed25519.key');
    const r = await signet(ci, ['key', 'import', file], { COSIGN_PASSWORD: 'golden-cosign-pw' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /only ECDSA P-256 keys can be used/);
    assert.match(r.stderr, /cosign generate-key-pair/);
    assert.ok(!existsSync(join(ci.trustDir, 'private')) || readdirSync(join(ci.trustDir, 'private')).length === 0);
  });
});
