import { EngineClient } from '../../engine/engine-client.js';
import { locateEngine } from './engine-host.js';
import { NodeEngineTransport } from './engine-transport.js';

export { locateEngine, parseEngineHost, type EngineEndpoint } from './engine-host.js';
export { NodeEngineTransport } from './engine-transport.js';

/** The Docker engine docker would use with this environment, as a client (close it after use). */
export async function nodeEngine(env: Record<string, string | undefined>, timeoutMs?: number): Promise<EngineClient> {
  const { endpoint } = await locateEngine({ env });
  return new EngineClient(new NodeEngineTransport(endpoint), timeoutMs !== undefined ? { timeoutMs } : {});
}
