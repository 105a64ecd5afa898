/** HTTP to the Docker engine over its unix socket or named pipe (node:http socketPath), or TCP (with TLS). */
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { SignetError } from '../../errors.js';
import type { EngineRequest, EngineResponse, EngineTransport } from '../../engine/transport.js';
import type { EngineEndpoint } from './engine-host.js';

export class NodeEngineTransport implements EngineTransport {
  private readonly agent: http.Agent;

  constructor(private readonly endpoint: EngineEndpoint) {
    const tls = endpoint.kind === 'tcp' ? endpoint.tls : undefined;
    this.agent = tls
      ? new https.Agent({
          keepAlive: true,
          rejectUnauthorized: !tls.skipVerify,
          ...(tls.ca ? { ca: readFileSync(tls.ca) } : {}),
          ...(tls.cert && tls.key ? { cert: readFileSync(tls.cert), key: readFileSync(tls.key) } : {}),
        })
      : new http.Agent({ keepAlive: true });
  }

  get address(): string {
    return this.endpoint.address;
  }

  close(): void {
    this.agent.destroy();
  }

  request(req: EngineRequest): Promise<EngineResponse> {
    const e = this.endpoint;
    const where = e.kind === 'socket' ? { socketPath: e.socketPath } : { host: e.host, port: e.port };
    const secure = e.kind === 'tcp' && e.tls !== undefined;
    return new Promise((resolve, reject) => {
      if (req.signal?.aborted) return reject(cancelled());
      const r = (secure ? https : http).request({
        ...where,
        agent: this.agent,
        method: req.method,
        path: req.path,
        headers: { host: 'docker', ...(req.headers ?? {}) },
      });
      const onAbort = (): void => void r.destroy(cancelled());
      req.signal?.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(
        () => r.destroy(unreachable(this.address, 'no answer in time')),
        req.timeoutMs ?? 30_000,
      );
      r.on('response', (res: IncomingMessage) => {
        clearTimeout(timer);
        res.on('close', () => req.signal?.removeEventListener('abort', onAbort));
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers[k] = v;
        resolve({ status: res.statusCode ?? 0, headers, body: res });
      });
      r.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', onAbort);
        if (err instanceof SignetError) return reject(err);
        const why =
          err.code === 'ENOENT'
            ? 'no such socket'
            : err.code === 'ECONNREFUSED'
              ? 'connection refused'
              : err.code === 'EACCES'
                ? 'permission denied'
                : err.message;
        reject(unreachable(this.address, why, err));
      });
      r.end();
    });
  }
}

function unreachable(address: string, why: string, cause?: unknown): SignetError {
  return new SignetError('ENGINE_UNREACHABLE', `no Docker engine is reachable at ${address} (${why})`, {
    hint: 'start Docker (or podman system service), or point DOCKER_HOST at a running engine',
    cause,
  });
}

function cancelled(): SignetError {
  return new SignetError('CANCELLED', 'cancelled');
}
