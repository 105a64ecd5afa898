/**
 * The CLI's composition: a command's flags (--server, --timeout) and environment ($DOCKER_CONFIG,
 * DOCKER_CONTENT_TRUST_SERVER, SIGNET_CONFIG, SIGNET_DATA_DIR) → core's ReadContext over
 * core/node's adapters; warnings on stderr. Writing commands add keys (write-command.ts).
 */
import { nodeReadContext, type NodeReadContext } from '../core/node/read-context.js';
import type { ParsedArgs } from './args.js';
import type { CliIO } from './io.js';

export interface CliContextOptions {
  /** How reads use the cache when the server cannot be used (default 'auto'). */
  offline?: 'auto' | 'never' | 'only';
  /** Where warnings go (default: stderr, one line each). */
  warn?: (message: string) => void;
}

export function cliContext(io: CliIO, args: ParsedArgs, opts: CliContextOptions = {}): NodeReadContext {
  const server = args.flags.get('--server');
  const timeout = args.flags.get('--timeout');
  return nodeReadContext({
    env: io.env,
    now: io.now,
    ...(typeof server === 'string' ? { server: () => server } : {}),
    ...(opts.offline ? { offline: opts.offline } : {}),
    ...(typeof timeout === 'string' ? { timeoutMs: Math.max(1, Number(timeout)) * 1000 } : {}),
    warn: opts.warn ?? ((m) => io.stderr(`${m}\n`)),
  });
}
