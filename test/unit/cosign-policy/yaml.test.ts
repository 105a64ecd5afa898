/**
 * core/cosign-policy/yaml.ts: what it writes, PyYAML (YAML 1.1, like Kubernetes' readers) reads
 * back as the same data: strings that look like booleans, nulls, numbers or YAML syntax stay
 * strings, unprintable characters survive, PEM text comes back byte for byte, comments stay comments.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { Block, Commented, yamlDocument, type YamlValue } from '../../../core/cosign-policy/yaml.js';

function pyyaml(text: string): unknown {
  const script = 'import sys, json, yaml\nprint(json.dumps(yaml.safe_load(sys.stdin.read())))';
  const r = spawnSync('python3', ['-c', script], { input: text, encoding: 'utf8' });
  assert.equal(r.status, 0, `PyYAML (Debian: python3-yaml) read:\n${text}\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

const tricky = [
  'yes',
  'No',
  'on',
  'OFF',
  'null',
  '~',
  'y',
  '1',
  '0x1f',
  '1e3',
  '1.0',
  '.inf',
  '2026-12-08',
  '12:30',
  '- item',
  'a: b',
  '#not a comment',
  '"quoted"',
  "it's",
  '[list]',
  '{map}',
  '*alias',
  '&anchor',
  '!tag',
  '|',
  '>',
  '%directive',
  '@at',
  '`tick`',
  ' leading',
  'trailing ',
  '',
  'tab\there',
  'new\nline',
  'nel\u0085',
  'sep\u2028',
  'del\u007f',
  'bom\ufeff',
  'émoji 🎉',
  'kyverno.io/v1',
  'a/b-c_d.e',
];

test('tricky strings as values, keys and list items come back as the same strings', () => {
  const map: Record<string, string> = {};
  tricky.forEach((s, i) => (map[`k${i}-${s}`] = s));
  const value: { [key: string]: YamlValue } = { list: tricky, map, nested: [{ a: tricky, b: { c: 'd' } }, [], {}] };
  assert.deepEqual(pyyaml(yamlDocument(value)), value);
});

test('numbers and booleans stay typed; PEM blocks come back byte for byte; comments are not data', () => {
  const pem = '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n';
  const text = yamlDocument(
    {
      count: 1,
      on: true,
      key: new Block(pem),
      noNewline: new Block('line one\nline two'),
      spaced: new Block('  starts with spaces\n'),
      items: [
        new Commented('first\nsecond: not a key', { name: 'x', data: new Block(pem) }),
        new Commented('# hash', 'y'),
      ],
    },
    ['header: not data', 'line\u2028two'],
  );
  assert.deepEqual(pyyaml(text), {
    count: 1,
    on: true,
    key: pem,
    noNewline: 'line one\nline two',
    spaced: '  starts with spaces\n',
    items: [{ name: 'x', data: pem }, 'y'],
  });
  assert.match(text, /^key: \|\n {2}-----BEGIN PUBLIC KEY-----$/m, 'a PEM is a literal block, readable');
});
