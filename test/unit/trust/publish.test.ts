import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryNotary, MemoryWriter } from '../../helpers/memory-notary.js';

test('probe', async () => {
  const notary = new MemoryNotary('example.com/org/app');
  const admin = new MemoryWriter(notary);
  const t0 = Date.now();
  const { result } = await admin.init();
  console.log(Date.now() - t0, result.published, notary.versions());
});
