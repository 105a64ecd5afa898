/**
 * Child-process probe for keychain tests: runs one KeychainKeyStore operation against whatever
 * D-Bus session its environment names and prints the outcome as one JSON line. libsecret caches
 * its bus connection per process, so other keyrings (locked, absent) and "another process sees
 * the keys" are checked from here.
 *
 *   node --import tsx test/helpers/keychain-probe.ts list|add <id> <role> <pemFile> [service]
 */
import { readFileSync } from 'node:fs';
import { isSignetError } from '../../core/errors.js';
import { KeychainKeyStore } from '../../core/node/keychain-key-store.js';

const [op, ...args] = process.argv.slice(2);
const service = op === 'add' ? args[3] : args[0];
const store = new KeychainKeyStore(service ? { service } : {});
try {
  let result: unknown;
  if (op === 'list') result = await store.list();
  else if (op === 'add') {
    await store.add({
      info: { id: args[0]!, role: args[1]!, location: 'keychain' },
      pem: readFileSync(args[2]!, 'utf8'),
    });
    result = 'added';
  } else throw new Error(`unknown op ${op}`);
  console.log(JSON.stringify({ ok: true, result }));
} catch (e) {
  if (isSignetError(e)) console.log(JSON.stringify({ ok: false, ...e.toData() }));
  else console.log(JSON.stringify({ ok: false, code: 'UNEXPECTED', message: String(e) }));
}
process.exit(0);
