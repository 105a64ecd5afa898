/**
 * cosign's formats, byte for byte against what the real cosign 2.5 wrote (test/fixtures/cosign):
 * the simple-signing payload (HTML escapes, sorted annotations, `null`), the signature image's
 * config and manifest after two appends, and its signatures verified with cosign's public key.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { nodeCrypto } from '../../../core/node/node-crypto.js';
import { decodePem } from '../../../core/crypto/pem.js';
import { decodePayload, encodePayload } from '../../../core/cosign/payload.js';
import {
  appendLayers,
  isSignatureArtifactTag,
  parseSignatureImage,
  signatureTag,
  type Descriptor,
} from '../../../core/cosign/manifest.js';
import { verifiesWith } from '../../../core/cosign/signatures.js';
import { fromBase64 } from '../../../core/util/bytes.js';

const dir = new URL('../../fixtures/cosign/', import.meta.url).pathname;
const read = (f: string) => new Uint8Array(readFileSync(dir + f));
const manifestBytes = read('signature-manifest.json');
const manifest = JSON.parse(Buffer.from(manifestBytes).toString()) as { layers: Descriptor[] };
const payloads = [read('payload-1.json'), read('payload-2.json')];
const { dockerReference, digest } = decodePayload(payloads[0]!);

test('the payload is byte for byte what cosign signs (escapes, sorted annotations, null)', () => {
  assert.deepEqual(
    Buffer.from(encodePayload({ dockerReference, digest, optional: { 'dct.role': 'targets', 'a<b&c': 'x>y' } })),
    Buffer.from(payloads[0]!),
  );
  assert.deepEqual(Buffer.from(encodePayload({ dockerReference, digest, optional: null })), Buffer.from(payloads[1]!));
  assert.deepEqual(decodePayload(payloads[0]!).optional, { 'a<b&c': 'x>y', 'dct.role': 'targets' });
  assert.throws(() => decodePayload(new TextEncoder().encode('{"critical":{}}')), { code: 'COSIGN_BAD_PAYLOAD' });
});

test('two appends to an empty signature image give cosign’s config and manifest, byte for byte', () => {
  const first = appendLayers(undefined, [manifest.layers[0]!], nodeCrypto.sha256);
  const second = appendLayers(
    parseSignatureImage(first.manifest, first.config, 'x'),
    [manifest.layers[1]!],
    nodeCrypto.sha256,
  );
  assert.equal(Buffer.from(second.config).toString(), Buffer.from(read('signature-config.json')).toString());
  assert.equal(Buffer.from(second.manifest).toString(), Buffer.from(manifestBytes).toString());
});

test('cosign’s signatures verify with its key for that repository and digest only', () => {
  const spki = decodePem(readFileSync(dir + 'probe-cosign.pub', 'utf8')).bytes;
  manifest.layers.forEach((layer, i) => {
    const s = {
      layer,
      payload: decodePayload(payloads[i]!),
      payloadBytes: payloads[i]!,
      signature: fromBase64(layer.annotations!['dev.cosignproject.cosign/signature']!),
    };
    assert.ok(verifiesWith(s, spki, dockerReference, digest, nodeCrypto), `layer ${i}`);
    assert.ok(!verifiesWith(s, spki, `${dockerReference}x`, digest, nodeCrypto), 'another repository');
    assert.ok(!verifiesWith({ ...s, payloadBytes: payloads[1 - i]! }, spki, dockerReference, digest, nodeCrypto));
  });
});

test('signature tags: sha256-<hex>.sig, and cosign’s artifact tags are never image tags', () => {
  assert.equal(signatureTag(digest), `sha256-${digest.slice(7)}.sig`);
  for (const t of ['sig', 'att', 'sbom']) assert.ok(isSignatureArtifactTag(`sha256-${digest.slice(7)}.${t}`));
  assert.ok(isSignatureArtifactTag(`sha256-${digest.slice(7)}`), 'the OCI referrers fallback tag');
  for (const t of ['v1', 'sha256-abc.sig', `sha256-${digest.slice(7)}.sig2`, 'latest'])
    assert.ok(!isSignatureArtifactTag(t), t);
});
