/**
 * Bench suite `crypto` (no stack): the write path's cryptography.
 *
 * In-process throughput, ops/s, median of 5 one-second runs (after one untimed warm-up second):
 *  - P-256 key generation as Signet generates keys (generateEcdsaKey: noble random scalar, public
 *    point, SPKI, canonical key ID)
 *  - notary key-file encryption (encryptPrivateKey: PKCS#8, PBKDF2-HMAC-SHA1 2048 + AES-256-CBC,
 *    PEM) and decryption (decryptPrivateKey)
 *  - metadata signing: signEcdsa (sha256 + P-256 sign, RFC 6979) over a ~1 KB and a ~500 KB
 *    canonical targets body (canonicalised once, outside the loop)
 *  - signature verification of the same bodies with nobleCrypto and nodeCrypto (OpenSSL)
 * Side by side, as processes (1 warm-up + 5 runs, median, a new key name each run, passphrases from
 * the environment): `notary key generate ecdsa`, `docker trust key generate` and
 * `signet key generate` (each stores an encrypted key in its trust dir).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateEcdsaKey, signEcdsa } from '../../core/crypto/ecdsa.js';
import { decryptPrivateKey, encryptPrivateKey } from '../../core/crypto/key-file.js';
import { nobleCrypto } from '../../core/crypto/noble-provider.js';
import type { CryptoProvider } from '../../core/crypto/provider.js';
import { nodeCrypto } from '../../core/node/node-crypto.js';
import { canonicalBytes } from '../../core/crypto/canonical-json.js';
import { fromBase64 } from '../../core/util/bytes.js';
import { ROOT_PASSPHRASE, REPO_PASSPHRASE } from '../helpers/identity.js';
import { SIGNET_BIN } from './inspect-suite.js';
import {
  describe,
  fmtMs,
  fmtRatio,
  fmtStats,
  formatTable,
  measure,
  median,
  runCommand,
  stats,
  type CommandSpec,
  type Stats,
} from './lib.js';
import type { BenchSuite } from './run.js';

const SAMPLES = 5;
const SAMPLE_MS = 1000;
const PROCESS_RUNS = 5;

export interface Throughput {
  /** ops/s of each one-second sample */
  samples: number[];
  median: number;
  /** µs per op at the median */
  usPerOp: number;
}

/** Runs fn for ~SAMPLE_MS per sample (checking the clock every op), one untimed warm-up sample, then SAMPLES samples. */
function throughput(fn: () => unknown, samples = SAMPLES, sampleMs = SAMPLE_MS): Throughput {
  const out: number[] = [];
  for (let s = 0; s <= samples; s++) {
    let n = 0;
    const t0 = process.hrtime.bigint();
    const end = t0 + BigInt(sampleMs) * 1_000_000n;
    let now: bigint;
    do {
      fn();
      n++;
      now = process.hrtime.bigint();
    } while (now < end);
    if (s > 0) out.push(n / (Number(now - t0) / 1e9));
  }
  const m = median(out);
  return { samples: out, median: m, usPerOp: 1e6 / m };
}

/** A Targets `signed` body whose canonical form is at least `bytes` long (tag NNNNN → sha256 + length). */
function targetsBody(bytes: number): Uint8Array {
  const targets: Record<string, { hashes: { sha256: string }; length: number }> = {};
  const body = {
    _type: 'Targets',
    delegations: { keys: {}, roles: [] },
    expires: '2029-11-27T00:00:00Z',
    targets,
    version: 42,
  };
  let i = 0;
  let out = canonicalBytes(body);
  while (out.length < bytes) {
    // ~100 bytes per entry: grow in steps, then re-encode
    const add = Math.max(1, Math.ceil((bytes - out.length) / 100));
    for (let k = 0; k < add; k++, i++) {
      const hex = ((i * 2654435761) >>> 0).toString(16).padStart(8, '0').repeat(8);
      targets[`tag${String(i).padStart(5, '0')}`] = {
        hashes: { sha256: Buffer.from(hex, 'hex').toString('base64') },
        length: 500 + i,
      };
    }
    out = canonicalBytes(body);
  }
  return out;
}

function fmtOps(t: Throughput): string {
  const ops = t.median >= 100 ? t.median.toFixed(0) : t.median.toFixed(1);
  return ops;
}

function fmtUs(t: Throughput): string {
  const us = t.usPerOp;
  return us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(0)} µs`;
}

/** process.env without DOCKER_/NOTARY_ variables, plus a private DOCKER_CONFIG and the passphrases */
function keyGenEnv(dockerConfig: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !/^(DOCKER_|NOTARY_)/.test(k) && k !== 'NODE_OPTIONS') env[k] = v;
  return {
    ...env,
    DOCKER_CONFIG: dockerConfig,
    DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE: ROOT_PASSPHRASE,
    DOCKER_CONTENT_TRUST_REPOSITORY_PASSPHRASE: REPO_PASSPHRASE,
    NOTARY_ROOT_PASSPHRASE: ROOT_PASSPHRASE,
    NOTARY_TARGETS_PASSPHRASE: REPO_PASSPHRASE,
    NOTARY_SNAPSHOT_PASSPHRASE: REPO_PASSPHRASE,
    NOTARY_DELEGATION_PASSPHRASE: REPO_PASSPHRASE,
    DOCKER_HOST: `unix://${dockerConfig}/no-engine.sock`,
    DOCKER_CLI_HINTS: 'false',
  };
}

type KeyTool = 'signet' | 'docker' | 'notary';

export function cryptoSuite(): BenchSuite {
  return {
    name: 'crypto',
    description:
      'write-path cryptography: in-process ops/s (P-256 key generation, key-file encryption/decryption, metadata signing, verification) and key generation per process (signet vs docker vs notary)',
    needsStack: false,
    async run(ctx) {
      const { log } = ctx;
      const small = targetsBody(1024);
      const large = targetsBody(500 * 1024);
      const key = generateEcdsaKey();
      const pem = encryptPrivateKey(key, REPO_PASSPHRASE, { role: 'targets', gun: 'example.com/bench/crypto' });
      if (decryptPrivateKey(pem, REPO_PASSPHRASE).key.canonicalId !== key.canonicalId)
        throw new Error('key file round trip changed the key');
      const spki = fromBase64(key.publicKey.keyval.public!);
      const sigSmall = signEcdsa(key, small);
      const sigLarge = signEcdsa(key, large);
      const verifier = (p: CryptoProvider, message: Uint8Array, signature: Uint8Array) => (): void => {
        if (!p.verify({ method: 'ecdsa', keyType: 'ecdsa', publicKey: spki, message, signature }))
          throw new Error('signature does not verify');
      };
      for (const p of [nobleCrypto, nodeCrypto]) {
        verifier(p, small, sigSmall)();
        verifier(p, large, sigLarge)();
      }

      const ops: { name: string; what: string; fn: () => unknown }[] = [
        {
          name: 'keygen',
          what: 'P-256 key generation (generateEcdsaKey: noble, + SPKI + key ID)',
          fn: () => generateEcdsaKey(),
        },
        {
          name: 'encrypt',
          what: 'key-file encryption (encryptPrivateKey: PBKDF2-SHA1 ×2048 + AES-256-CBC + PEM)',
          fn: () => encryptPrivateKey(key, REPO_PASSPHRASE, { role: 'targets', gun: 'example.com/bench/crypto' }),
        },
        {
          name: 'decrypt',
          what: 'key-file decryption (decryptPrivateKey)',
          fn: () => decryptPrivateKey(pem, REPO_PASSPHRASE),
        },
        {
          name: 'sign1k',
          what: `signEcdsa, ${small.length} B canonical body (sha256 + sign)`,
          fn: () => signEcdsa(key, small),
        },
        {
          name: 'sign500k',
          what: `signEcdsa, ${large.length} B canonical body (sha256 + sign)`,
          fn: () => signEcdsa(key, large),
        },
        {
          name: 'verifyNoble1k',
          what: `verify, nobleCrypto, ${small.length} B`,
          fn: verifier(nobleCrypto, small, sigSmall),
        },
        {
          name: 'verifyNode1k',
          what: `verify, nodeCrypto (OpenSSL), ${small.length} B`,
          fn: verifier(nodeCrypto, small, sigSmall),
        },
        {
          name: 'verifyNoble500k',
          what: `verify, nobleCrypto, ${large.length} B`,
          fn: verifier(nobleCrypto, large, sigLarge),
        },
        {
          name: 'verifyNode500k',
          what: `verify, nodeCrypto (OpenSSL), ${large.length} B`,
          fn: verifier(nodeCrypto, large, sigLarge),
        },
      ];
      const inProcess: Record<string, Throughput & { what: string }> = {};
      for (const op of ops) {
        const t = throughput(op.fn);
        inProcess[op.name] = { what: op.what, ...t };
        log(
          `  [crypto] ${op.what}: ${fmtOps(t)} ops/s (${fmtUs(t)}/op; samples ${t.samples.map((x) => x.toFixed(0)).join(', ')})`,
        );
      }

      // key generation, one process per key
      const dir = mkdtempSync(join(tmpdir(), 'signet-bench-keygen-'));
      const processes = {} as Record<KeyTool, { command: string; stats: Stats }>;
      const reference = {} as Record<'nodeBare' | 'signetHelp' | 'dockerVersion' | 'notaryVersion', Stats>;
      try {
        const homes = {} as Record<KeyTool, { env: Record<string, string>; trust: string; pub: string }>;
        for (const t of ['signet', 'docker', 'notary'] as KeyTool[]) {
          const cfg = join(dir, t, 'docker');
          const pub = join(dir, t, 'pub');
          mkdirSync(join(cfg, 'trust'), { recursive: true, mode: 0o700 });
          mkdirSync(pub, { recursive: true });
          homes[t] = { env: keyGenEnv(cfg), trust: join(cfg, 'trust'), pub };
        }
        const spec = (t: KeyTool, name: string): CommandSpec => {
          const h = homes[t];
          if (t === 'signet')
            return { cmd: process.execPath, args: [SIGNET_BIN, 'key', 'generate', name, '--dir', h.pub], env: h.env };
          if (t === 'docker')
            return { cmd: 'docker', args: ['trust', 'key', 'generate', name, '--dir', h.pub], env: h.env };
          return { cmd: 'notary', args: ['-d', h.trust, 'key', 'generate', 'ecdsa', '--role', name], env: h.env };
        };
        const times: Record<KeyTool, number[]> = { signet: [], docker: [], notary: [] };
        const tools: KeyTool[] = ['signet', 'docker', 'notary'];
        for (let round = 0; round <= PROCESS_RUNS; round++) {
          const parts: string[] = [];
          for (const t of tools) {
            const s = spec(t, `bench${round}`);
            const r = await runCommand(s);
            if (r.code !== 0)
              throw new Error(`${describe(s)} failed (rc=${r.code})\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
            if (!/Successfully generated|Generated new ecdsa/.test(r.stdout))
              throw new Error(`${describe(s)}: unexpected output\n${r.stdout}\n${r.stderr}`);
            if (round > 0) times[t].push(r.ms);
            parts.push(`${t} ${fmtMs(r.ms)}`);
          }
          log(
            `  [crypto] key generate ${round === 0 ? 'warm-up' : `run ${round}/${PROCESS_RUNS}`}: ${parts.join(', ')}`,
          );
        }
        for (const t of tools)
          processes[t] = { command: describe(spec(t, 'NAME')).replace(dir, '$TMP'), stats: stats(times[t]) };
        // each tool's own process start-up, for reading the numbers
        const env = homes.signet.env;
        reference.nodeBare = await measure(
          { cmd: process.execPath, args: ['-e', '0'], env },
          { runs: PROCESS_RUNS, progress: false },
        );
        reference.signetHelp = await measure(
          { cmd: process.execPath, args: [SIGNET_BIN, '--help'], env },
          { runs: PROCESS_RUNS, progress: false },
        );
        reference.dockerVersion = await measure(
          { cmd: 'docker', args: ['--version'], env },
          { runs: PROCESS_RUNS, progress: false },
        );
        reference.notaryVersion = await measure(
          { cmd: 'notary', args: ['version'], env },
          { runs: PROCESS_RUNS, progress: false },
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }

      const table = formatTable(
        ['operation (in process)', 'ops/s (median of 5 × 1 s)', 'per op'],
        ops.map((op) => [op.what, fmtOps(inProcess[op.name]!), fmtUs(inProcess[op.name]!)]),
      );
      // start-up-adjusted: the time above each tool's own process start-up
      const floor: Record<KeyTool, { label: string; stats: Stats }> = {
        signet: { label: 'node -e 0', stats: reference.nodeBare },
        docker: { label: 'docker --version', stats: reference.dockerVersion },
        notary: { label: 'notary version', stats: reference.notaryVersion },
      };
      const above = (t: KeyTool): number => processes[t].stats.median - floor[t].stats.median;
      const procTable = formatTable(
        [
          'key generation, one process per key',
          'median (min–max)',
          'tool/signet',
          'start-up (median)',
          'above start-up',
          'adjusted tool/signet',
        ],
        (['signet', 'docker', 'notary'] as KeyTool[]).map((t) => [
          t === 'signet'
            ? 'signet key generate NAME --dir DIR'
            : t === 'docker'
              ? 'docker trust key generate NAME --dir DIR'
              : 'notary key generate ecdsa --role NAME',
          fmtStats(processes[t].stats),
          t === 'signet' ? '1.00×' : fmtRatio(processes[t].stats.median / processes.signet.stats.median),
          `${floor[t].label} ${fmtMs(floor[t].stats.median)}`,
          fmtMs(above(t)),
          t === 'signet' ? '1.00×' : fmtRatio(above(t) / above('signet')),
        ]),
      );
      const refTable = formatTable(
        ['reference', 'median (min–max)'],
        [
          ['node -e 0 (floor of any node CLI)', fmtStats(reference.nodeBare)],
          ['node cli/bin/signet.js --help (node + CLI modules)', fmtStats(reference.signetHelp)],
          ['docker --version', fmtStats(reference.dockerVersion)],
          ['notary version', fmtStats(reference.notaryVersion)],
        ],
      );
      return {
        tables: [
          `In-process throughput (Node ${process.version}):\n${table}`,
          `Key generation as processes (1 warm-up + ${PROCESS_RUNS} runs, interleaved; each stores an encrypted key):\n${procTable}`,
          `Reference:\n${refTable}`,
        ],
        result: {
          bodies: { smallBytes: small.length, largeBytes: large.length },
          samples: SAMPLES,
          sampleMs: SAMPLE_MS,
          inProcess,
          processes,
          reference,
          startupAdjusted: Object.fromEntries((['signet', 'docker', 'notary'] as KeyTool[]).map((t) => [t, above(t)])),
        },
        misses: [],
      };
    },
  };
}
