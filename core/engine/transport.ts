/**
 * How core talks to a Docker Engine API (docker, or podman's compatible service): one request with a
 * streamed answer, so a push's progress arrives as it happens. The platform supplies it
 * (core/node/engine/ speaks HTTP over the unix socket, named pipe or TCP address docker would use).
 */
import type { CancelSignal } from '../util/pool.js';

export interface EngineRequest {
  method: 'GET' | 'POST' | 'HEAD';
  /** Path and query, from `/` (e.g. `/v1.41/images/json?...`). */
  path: string;
  headers?: Record<string, string>;
  /** Aborting it closes the connection (the engine then stops a push). */
  signal?: CancelSignal;
  /** Abort with ENGINE_UNREACHABLE when no response head arrives in this many ms. */
  timeoutMs?: number;
}

export interface EngineResponse {
  status: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** The body as it arrives. */
  body: AsyncIterable<Uint8Array>;
}

export interface EngineTransport {
  /** Where the engine is, as docker writes it (`unix:///var/run/docker.sock`, `tcp://host:2376`). */
  readonly address: string;
  /** Throws ENGINE_UNREACHABLE when the engine cannot be reached; any HTTP status is returned. */
  request(req: EngineRequest): Promise<EngineResponse>;
  close(): void;
}
