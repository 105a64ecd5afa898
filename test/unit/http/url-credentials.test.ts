/**
 * A trust server URL configured with `user:password@` (--server, DOCKER_CONTENT_TRUST_SERVER)
 * never shows its credentials: not in an error of a failing request (answered 500, or refused),
 * not in the plain-HTTP warning, not as the server an audit reports.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runAudit } from '../../../core/audit/audit.js';
import { parseAuditTarget } from '../../../core/audit/targets.js';
import { SignetError } from '../../../core/errors.js';
import { redactSecrets, redactUrlCredentials } from '../../../core/http/redact.js';
import { displayUrl } from '../../../core/http/status.js';
import { nodeReadContext, type NodeReadContext } from '../../../core/node/read-context.js';
import { auditDependencies } from '../../../core/operations/audit.js';
import { readView } from '../../../core/operations/view.js';
import { parseImageReference } from '../../../core/registry/reference.js';

const SECRET = 'pa55-w0rd';
let server: Server;
let port: number;
let home: string;
const seen: string[] = [];

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'signet-urlcreds-'));
  server = createServer((req, res) => {
    seen.push(req.url ?? '');
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end('{"errors":[{"code":"UNKNOWN","message":"database is down"}]}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
after(() => {
  server.close();
  rmSync(home, { recursive: true, force: true });
});

function services(url: string, warnings: string[]): NodeReadContext {
  return nodeReadContext({
    env: { HOME: home, DOCKER_CONFIG: join(home, 'docker'), SIGNET_DATA_DIR: join(home, 'data') },
    server: () => url,
    offline: 'never',
    now: () => new Date('2026-01-01T00:00:00Z'),
    trustPinning: { certs: {}, ca: {}, disableTofu: false },
    warn: (m) => warnings.push(m),
  });
}

const clean = (text: string): void => {
  assert.ok(!text.includes(SECRET), `the password leaked: ${text}`);
  assert.ok(!text.includes('alice:'), `the user leaked: ${text}`);
};

test('redactUrlCredentials strips user:password@ from every URL in a text, parseable or not', () => {
  assert.equal(
    redactUrlCredentials('from https://alice:x@notary.example.com:4443/v2/ and http://bob@h/ and https://h/a@b'),
    'from https://notary.example.com:4443/v2/ and http://h/ and https://h/a@b',
  );
  assert.equal(displayUrl('https://alice:x@[::1/v2/?token=t'), 'https://[::1/v2/');
  assert.equal(redactSecrets('"Secret": "abc", password=hunter2 ok'), '"Secret": "[redacted]", password=[redacted] ok');
  const e = new SignetError('HTTP_TLS', 'cannot reach https://alice:x@h', { hint: 'check https://alice:x@h' });
  assert.equal(e.message, 'cannot reach https://h');
  assert.equal(e.hint, 'check https://h');
});

test('a request to a credentialed server URL that fails (500): no credentials in the error or the warning', async () => {
  const warnings: string[] = [];
  const s = services(`http://alice:${SECRET}@127.0.0.1:${port}`, warnings);
  try {
    await assert.rejects(readView(s, `127.0.0.1:${port}/team/app`), (e: unknown) => {
      assert.ok(e instanceof SignetError);
      assert.equal(e.code, 'HTTP_SERVER_ERROR', e.message);
      assert.match(e.message, new RegExp(`http://127\\.0\\.0\\.1:${port}/v2/.* answered 500`));
      clean(`${e.message} ${e.hint}`);
      return true;
    });
    assert.ok(seen.length > 0, 'the request reached the server');
    assert.match(warnings.join('\n'), new RegExp(`trust server http://127\\.0\\.0\\.1:${port} uses plain HTTP`));
    clean(warnings.join('\n'));
    const conn = await s.connect(parseImageReference(`127.0.0.1:${port}/team/app`));
    assert.equal(conn.server, `http://127.0.0.1:${port}`);
  } finally {
    s.close();
  }
});

test('a credentialed server that cannot be reached: the error names the server without its credentials', async () => {
  const s = services(`https://alice:${SECRET}@127.0.0.1:1`, []);
  try {
    await assert.rejects(readView(s, '127.0.0.1:1/team/app'), (e: unknown) => {
      assert.ok(e instanceof SignetError);
      assert.match(e.message, /127\.0\.0\.1:1/);
      clean(`${e.message} ${e.hint}`);
      return true;
    });
  } finally {
    s.close();
  }
});

test('an audit against a credentialed server reports the server, and its problem, without the credentials', async () => {
  const warnings: string[] = [];
  const s = services(`http://alice:${SECRET}@127.0.0.1:${port}`, warnings);
  try {
    const report = await runAudit([parseAuditTarget(`127.0.0.1:${port}/team/app`)], auditDependencies(s), {});
    const text = JSON.stringify(report);
    assert.match(text, new RegExp(`"server":"http://127\\.0\\.0\\.1:${port}"`));
    clean(text);
    clean(warnings.join('\n'));
  } finally {
    s.close();
  }
});
