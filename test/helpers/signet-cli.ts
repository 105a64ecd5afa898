import { main } from '../../cli/main.js';
import type { Identity } from './identity.js';
import { systemClock } from '../../core/node/clock.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the signet CLI in-process with an identity's environment, capturing its output. */
export async function signet(
  id: Identity,
  args: string[],
  env: Record<string, string | undefined> = {},
  opts: { now?: () => Date } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: { ...id.env, ...env },
    now: opts.now ?? systemClock, // a real notary-server signs with the real clock
  });
  return { code, stdout, stderr };
}
