/**
 * A Docker Engine API for tests: podman's `system service` (Debian's podman 4.3, run as root) in a
 * temp dir with its own store (vfs), run dir, socket and registries file marking the test
 * registries insecure (plain HTTP on loopback). Tiny local images come from `podman import` of a
 * rootfs tar made here. stop() ends only the process this helper started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, type RunResult } from './identity.js';

export interface PodmanEngine {
  dir: string;
  socket: string;
  /** DOCKER_HOST for docker and Signet: unix://<socket> */
  host: string;
  /** podman with this engine's store (import, tag, rmi, images). */
  podman(args: string[]): Promise<RunResult>;
  /**
   * Makes a local image `ref` from a one-file rootfs (content decides the digest, so give each image
   * its own); returns the engine's image ID.
   */
  importImage(ref: string, content: string): Promise<string>;
  /** Ends the service (by its PID) and removes the temp dir. */
  stop(): Promise<void>;
}

export interface PodmanOptions {
  /** host:port of registries podman may reach over plain HTTP */
  insecureRegistries: string[];
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const p of live) if (p.exitCode === null) p.kill('SIGKILL');
});

function ping(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const r = request({ socketPath: socket, path: '/_ping', method: 'GET', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    r.on('error', () => resolve(false));
    r.on('timeout', () => r.destroy());
    r.end();
  });
}

export async function startPodman(opts: PodmanOptions): Promise<PodmanEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'signet-podman-'));
  const socket = join(dir, 'engine.sock');
  const conf = join(dir, 'registries.conf');
  writeFileSync(
    conf,
    [
      'unqualified-search-registries = []',
      ...opts.insecureRegistries.map((r) => `[[registry]]\nlocation = "${r}"\ninsecure = true`),
      '',
    ].join('\n'),
  );
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !/^(DOCKER_|CONTAINERS_)/.test(k)) env[k] = v;
  env['CONTAINERS_REGISTRIES_CONF'] = conf;
  const base = ['--root', join(dir, 'root'), '--runroot', join(dir, 'run'), '--storage-driver', 'vfs'];
  const log = join(dir, 'service.log');
  const fd = openSync(log, 'a');
  let proc: ChildProcess;
  try {
    proc = spawn('podman', [...base, 'system', 'service', '--time', '0', `unix://${socket}`], {
      env,
      stdio: ['ignore', fd, fd],
    });
  } finally {
    closeSync(fd);
  }
  live.add(proc);
  let exited = false;
  const exitedP = new Promise<void>((r) => proc.once('exit', () => ((exited = true), live.delete(proc), r())));
  const t0 = Date.now();
  while (!(existsSync(socket) && (await ping(socket)))) {
    if (exited || Date.now() - t0 > 20_000) {
      const text = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
      proc.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`podman system service did not start:\n${text}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const podman = (args: string[]): Promise<RunResult> => run('podman', [...base, ...args], env, { timeoutMs: 60_000 });
  let n = 0;
  return {
    dir,
    socket,
    host: `unix://${socket}`,
    podman,
    async importImage(ref, content) {
      n += 1;
      const root = join(dir, `rootfs-${n}`);
      mkdirSync(root, { recursive: true });
      writeFileSync(join(root, 'hello.txt'), `${content}\n`);
      const tar = join(dir, `rootfs-${n}.tar`);
      const t = await run('tar', ['-C', root, '-cf', tar, '.'], env);
      if (t.code !== 0) throw new Error(`tar: ${t.stderr}`);
      const r = await podman(['import', '--quiet', tar, ref]);
      if (r.code !== 0) throw new Error(`podman import ${ref}: ${r.stderr}`);
      return r.stdout.trim();
    },
    async stop() {
      if (!exited) {
        proc.kill('SIGTERM');
        const k = setTimeout(() => !exited && proc.kill('SIGKILL'), 5000);
        await exitedP;
        clearTimeout(k);
      }
      // vfs layers of a root-owned store: removed with the temp dir
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
