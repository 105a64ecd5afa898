/** CLI flags read as docker's (pflag) do: `--flag=false`, repeated flags, docker's error texts. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseArgs, UsageError } from '../../../cli/args.js';
import { main } from '../../../cli/main.js';

const spec = {
  booleans: ['--pretty', '--help'],
  withValue: ['--server'],
  multiple: ['--key'],
  aliases: { '-h': '--help' },
};

test('--pretty=false is off, --pretty=true and --pretty are on, the last one wins', () => {
  assert.equal(parseArgs(['--pretty=false', 'x'], spec).flags.has('--pretty'), false);
  assert.equal(parseArgs(['--pretty=true', 'x'], spec).flags.get('--pretty'), true);
  assert.equal(parseArgs(['--pretty', '--pretty=0', 'x'], spec).flags.has('--pretty'), false);
  assert.throws(() => parseArgs(['--pretty=maybe'], spec), /invalid argument "maybe" for "--pretty" flag/);
});

test('a repeatable flag keeps every value; a value flag keeps the last; -- ends the flags', () => {
  const r = parseArgs(
    ['--key', 'a.pem', '--key=b.pem', 'alice', '--server', 'u1', '--server=u2', '--', '--pretty'],
    spec,
  );
  assert.deepEqual(r.lists.get('--key'), ['a.pem', 'b.pem']);
  assert.equal(r.flags.get('--server'), 'u2');
  assert.deepEqual(r.positionals, ['alice', '--pretty']);
  assert.equal(parseArgs(['-h'], spec).flags.get('--help'), true);
});

test("errors read as docker's", () => {
  assert.throws(
    () => parseArgs(['--nope'], spec),
    (e) => e instanceof UsageError && e.message === 'unknown flag: --nope',
  );
  assert.throws(
    () => parseArgs(['--server'], spec),
    (e) => e instanceof UsageError && e.message === 'flag needs an argument: --server',
  );
});

test('signet inspect --pretty=false prints JSON, not the pretty table (it used to turn --pretty on)', async () => {
  let out = '';
  let err = '';
  const io = {
    stdout: (t: string) => void (out += t),
    stderr: (t: string) => void (err += t),
    env: { DOCKER_CONFIG: '/nonexistent-signet-test', DOCKER_CONTENT_TRUST_SERVER: 'http://127.0.0.1:9' },
    now: () => new Date('2026-06-01T12:00:00Z'),
  };
  const code = await main(['inspect', '--pretty=false', '--offline', '127.0.0.1:5000/nothing/here'], io);
  assert.equal(code, 1);
  assert.equal(out, '[]\n', 'docker prints an empty JSON array when nothing could be read');
  assert.match(err, /no signatures or cannot access 127\.0\.0\.1:5000\/nothing\/here/);
});
